using System.Text;
using Tomte.Worker.Demo;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis;

/// <summary>
/// The demo's analysis step: analyses the bundled data, then loads the bundled "next month" data
/// (SampleData/neste-maned: plans adopted, kommuneplan cells changed, removed and added) and analyses again,
/// so the sites show every endring: ny, endret, uendret, regulert and borte. The console gets each pilot
/// kommune's largest sites after the second analysis; the report gets both.
/// </summary>
public sealed class AnalysisDemoStep(AnalysisRunner runner, AnalysisReport report, FileImporter importer) : IDemoStep
{
    public const int SitesPerKommune = 8;

    public const string NextMonthFolder = "neste-maned";

    private static readonly (string Dataset, string FilePattern)[] NextMonthFiles =
    [
        ("kp-planomrade", "kommuneplan-{0}.gml"), ("kp-arealformal", "kommuneplan-{0}.gml"),
        ("rp-planomrade", "reguleringsplaner-{0}.gml"), ("planlegging-igangsatt", "planlegging-igangsatt-{0}.gml"),
    ];

    public string Title => "Analyserer tomter, laster neste måned og analyserer igjen";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var total = 2 + SampleDataImport.PilotKommuner.Count * NextMonthFiles.Length;
        var done = 0;
        void Advance() => context.Progress.Report(new DemoCount(++done, total));

        var first = await AnalyzeAsync("Analyse av eksempeldataene", cancellationToken);
        Advance();
        var loads = await LoadNextMonthAsync(Advance, cancellationToken);
        var second = await AnalyzeAsync("Analyse etter neste måneds data", cancellationToken);
        Advance();

        return new DemoStepResult(
            $"Tomter: {Counts(first.Outcome, withChanges: false)}; etter neste måneds data ({loads} datasett/kommuner lastet inn): {Counts(second.Outcome, withChanges: true)}.",
            ReportSection: first.Section + second.Section,
            Details: second.Tables);
    }

    private async Task<int> LoadNextMonthAsync(Action advance, CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var (kommune, _) in SampleDataImport.PilotKommuner)
        {
            var folder = Path.Combine(SampleDataImport.SampleDirectory, NextMonthFolder, kommune);
            foreach (var (dataset, pattern) in NextMonthFiles)
            {
                var file = Path.Combine(folder, string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, kommune));
                var result = await importer.ImportAsync(Datasets.Find(dataset), file, kommune, layer: null, srid: null, progress: null, cancellationToken);
                loaded += result.Kommuner.Count(k => k.Outcome == LoadOutcome.Loaded);
                advance();
            }
        }
        return loaded;
    }

    private sealed record Analysed(AnalysisRunner.Outcome Outcome, string Section, string Tables);

    private static string Counts(AnalysisRunner.Outcome outcome, bool withChanges)
    {
        var results = outcome.Analysed;
        if (results.Count == 0)
        {
            return $"uendret siden forrige analyse i {outcome.Unchanged.Count} kommuner";
        }
        var sites = $"{results.Sum(r => r.Sites)} tomter i {results.Count} kommuner";
        return withChanges
            ? $"{sites} ({results.Sum(r => r.Ny)} nye, {results.Sum(r => r.Endret)} endret, {results.Sum(r => r.Uendret)} uendret, {results.Sum(r => r.Regulert)} regulert, {results.Sum(r => r.Borte)} borte)"
            : sites;
    }

    private async Task<Analysed> AnalyzeAsync(string title, CancellationToken cancellationToken)
    {
        var names = await runner.KommuneNamesAsync(cancellationToken);
        var pilot = SampleDataImport.PilotKommuner.Select(k => k.Kommunenummer).ToArray();
        var kommuneLines = new List<string>();
        var outcome = await runner.RunAsync(pilot,
            result =>
            {
                kommuneLines.Add(AnalysisReport.KommuneLine(result, names.GetValueOrDefault(result.Kommunenummer)));
                return Task.CompletedTask;
            },
            failure =>
            {
                kommuneLines.Add(AnalysisReport.FailureLine(failure));
                return Task.CompletedTask;
            },
            cancellationToken);
        if (outcome.Failures.Count > 0)
        {
            throw new AnalysisInputException($"analysen av eksempeldataene feilet: {outcome.Failures[0].Reason}");
        }
        var summary = AnalysisReport.Summary(outcome);

        var section = new StringBuilder();
        var tables = new StringBuilder();
        section.AppendLine($"## {title}");
        section.AppendLine();
        section.AppendLine(summary);
        section.AppendLine();
        foreach (var line in kommuneLines)
        {
            section.AppendLine($"- {line.Trim()}");
        }
        section.AppendLine();
        foreach (var (kommune, navn) in SampleDataImport.PilotKommuner)
        {
            var table = AnalysisReport.Table(await report.LargestSitesAsync(kommune, SitesPerKommune, cancellationToken));
            tables.AppendLine($"  {kommune} {navn}: de største tomtene (nye og endrede først), og de som ble regulert eller borte:");
            tables.AppendLine(table);
            section.AppendLine($"### {kommune} {navn}");
            section.AppendLine();
            section.AppendLine("```");
            section.AppendLine(table);
            section.AppendLine("```");
            section.AppendLine();
        }
        return new Analysed(outcome, section.ToString(), tables.ToString().TrimEnd());
    }
}
