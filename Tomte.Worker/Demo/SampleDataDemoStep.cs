using Npgsql;
using Tomte.Worker.Analysis;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Demo;

/// <summary>
/// Loads the bundled SYNTHETIC sample data for the pilot kommuner through the <c>tomte import</c> path. On a database
/// where an earlier demo already loaded the "next month" data, that data stays: loading month one over it again would
/// turn the next month's changes back (sites regulert or borte coming back as new ones), and the lifecycle the demo
/// shows would be a muddle of both directions. Such a run finds nothing changed and shows the same sites again.
/// </summary>
public sealed class SampleDataDemoStep(SampleDataImport sampleData, NpgsqlDataSource dataSource) : IDemoStep
{
    // Short enough that the title, bar and counter fit one 80-column line, or the redraw would wrap.
    public string Title => "Laster inn eksempeldata (3207, 3212, 3218)";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var nextMonth = await NextMonthLoadedAsync(cancellationToken);
        var ingest = await sampleData.RunAsync((done, total) => context.Progress.Report(new DemoCount(done, total)), cancellationToken, nextMonth);
        var features = ingest.Loads.Sum(l => l.Kommuner.Sum(k => (long)k.FeatureCount));
        var kept = nextMonth.Count == 0
            ? ""
            : $" Neste måneds data fra en tidligere demokjøring er beholdt for {nextMonth.Count} datasett/kommuner, så tomtene vises som sist.";
        return new DemoStepResult(
            (ingest.Loaded == 0
                ? $"Innlasting: alle {ingest.Unchanged} datasett/kommuner er uendret siden forrige kjøring (uendret)."
                : $"Innlasting: {ingest.Loaded} datasett/kommuner lastet inn, {ingest.Unchanged} uendret ({ingest.Loads.Count} filer, {features} objekter).") + kept,
            ingest.ReportSection);
    }

    /// <summary>Datasets and kommuner whose newest load came from the sample's next-month folder.</summary>
    private async Task<IReadOnlySet<(string Dataset, string Kommunenummer)>> NextMonthLoadedAsync(CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT dataset, kommunenummer, source
            FROM (SELECT DISTINCT ON (dataset, kommunenummer) dataset, kommunenummer, source
                  FROM ingest.load
                  WHERE outcome IN ('{LoadVocabulary.Text(LoadOutcome.Loaded)}', '{LoadVocabulary.Text(LoadOutcome.Unchanged)}')
                  ORDER BY dataset, kommunenummer, load_id DESC) newest
            """;
        // By the folder's last two names, so a demo run from another build folder is recognised too.
        var folder = string.Join(Path.DirectorySeparatorChar, "", Path.GetFileName(SampleDataImport.SampleDirectory), AnalysisDemoStep.NextMonthFolder, "");
        var result = new HashSet<(string, string)>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(2).Contains(folder, StringComparison.Ordinal))
            {
                result.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return result;
    }
}
