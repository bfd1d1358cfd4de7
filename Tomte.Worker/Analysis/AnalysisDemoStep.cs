using System.Text;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis;

/// <summary>
/// The demo's analysis step: analyses the bundled data, prints each pilot kommune's largest sites, and returns a
/// report section. Called twice by the demo: before and after the bundled "next month" data is loaded.
/// </summary>
public sealed class AnalysisDemoStep(AnalysisRunner runner, AnalysisReport report)
{
    public const int SitesPerKommune = 8;

    public async Task<(string Summary, string Section)> RunAsync(string title, TextWriter progress, CancellationToken cancellationToken)
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
            var sites = await report.LargestSitesAsync(kommune, SitesPerKommune, cancellationToken);
            var table = AnalysisReport.Table(sites);
            await progress.WriteLineAsync($"  Største tomter i {kommune} {navn} (og de som ble borte/regulert):");
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
