using System.Text;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis;

/// <summary>
/// The demo's analysis step: analyses the bundled data and prints each pilot kommune's largest sites; then loads the
/// bundled "next month" data (SampleData/neste-maned: plans adopted, kommuneplan cells changed, removed and added)
/// and analyses again, so the sites show every endring: ny, endret, uendret, regulert and borte.
/// </summary>
public sealed class AnalysisDemoStep(AnalysisRunner runner, AnalysisReport report, FileImporter importer)
{
    public const int SitesPerKommune = 8;

    public const string NextMonthFolder = "neste-maned";

    public sealed record Outcome(IReadOnlyList<string> Summary, IReadOnlyList<string> Sections);

    public async Task<Outcome> RunAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var (first, firstSection) = await AnalyzeAsync("Analyse av eksempeldataene", progress, cancellationToken);
        await progress.WriteLineAsync("Laster inn neste måneds syntetiske eksempeldata (vedtatte planer, endret kommuneplan):");
        var loads = await LoadNextMonthAsync(progress, cancellationToken);
        var (second, secondSection) = await AnalyzeAsync("Analyse etter neste måneds data", progress, cancellationToken);
        return new Outcome([first, $"Neste måneds data: {loads} datasett/kommuner lastet inn.", second], [firstSection, secondSection]);
    }

    private async Task<int> LoadNextMonthAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var (kommune, _) in SampleDataImport.PilotKommuner)
        {
            var folder = Path.Combine(SampleDataImport.SampleDirectory, NextMonthFolder, kommune);
            foreach (var (dataset, file) in new[]
                     {
                         ("kp-planomrade", $"kommuneplan-{kommune}.gml"), ("kp-arealformal", $"kommuneplan-{kommune}.gml"),
                         ("rp-planomrade", $"reguleringsplaner-{kommune}.gml"), ("planlegging-igangsatt", $"planlegging-igangsatt-{kommune}.geojson"),
                     })
            {
                var result = await importer.ImportAsync(Datasets.Find(dataset), Path.Combine(folder, file), kommune, layer: null, srid: null, progress: null, cancellationToken);
                loaded += result.Kommuner.Count(k => k.Outcome == LoadOutcome.Loaded);
                foreach (var line in IngestSummary.Lines(result))
                {
                    await progress.WriteLineAsync("  " + line);
                }
            }
        }
        return loaded;
    }

    private async Task<(string Summary, string Section)> AnalyzeAsync(string title, TextWriter progress, CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync($"{title}:");
        var names = await runner.KommuneNamesAsync(cancellationToken);
        var pilot = SampleDataImport.PilotKommuner.Select(k => k.Kommunenummer).ToArray();
        var outcome = await runner.RunAsync(pilot,
            result => progress.WriteLineAsync(AnalysisReport.KommuneLine(result, names.GetValueOrDefault(result.Kommunenummer))),
            failure => progress.WriteLineAsync(AnalysisReport.FailureLine(failure)),
            cancellationToken);
        if (outcome.Failures.Count > 0)
        {
            throw new AnalysisInputException($"analysen av eksempeldataene feilet: {outcome.Failures[0].Reason}");
        }
        var summary = AnalysisReport.Summary(outcome);
        await progress.WriteLineAsync("  " + summary);

        var section = new StringBuilder();
        section.AppendLine($"## {title}");
        section.AppendLine();
        section.AppendLine(summary);
        section.AppendLine();
        foreach (var (kommune, navn) in SampleDataImport.PilotKommuner)
        {
            var table = AnalysisReport.Table(await report.LargestSitesAsync(kommune, SitesPerKommune, cancellationToken));
            await progress.WriteLineAsync($"  {kommune} {navn}: de største tomtene (nye og endrede først), og de som ble regulert eller borte i denne analysen:");
            await progress.WriteLineAsync(table);
            section.AppendLine($"### {kommune} {navn}");
            section.AppendLine();
            section.AppendLine("```");
            section.AppendLine(table);
            section.AppendLine("```");
            section.AppendLine();
        }
        return ($"{title}: {summary}", section.ToString());
    }
}
