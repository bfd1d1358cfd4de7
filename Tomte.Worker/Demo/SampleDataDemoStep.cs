using Tomte.Worker.Ingest;

namespace Tomte.Worker.Demo;

/// <summary>Loads the bundled SYNTHETIC sample data for the pilot kommuner through the <c>tomte import</c> path.</summary>
public sealed class SampleDataDemoStep(SampleDataImport sampleData) : IDemoStep
{
    // Short enough that the title, bar and counter fit one 80-column line, or the redraw would wrap.
    public string Title => "Laster inn eksempeldata (3207, 3212, 3218)";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var ingest = await sampleData.RunAsync((done, total) => context.Progress.Report(new DemoCount(done, total)), cancellationToken);
        var features = ingest.Loads.Sum(l => l.Kommuner.Sum(k => (long)k.FeatureCount));
        return new DemoStepResult(
            ingest.Loaded == 0
                ? $"Innlasting: alle {ingest.Unchanged} datasett/kommuner er uendret siden forrige kjøring (uendret)."
                : $"Innlasting: {ingest.Loaded} datasett/kommuner lastet inn, {ingest.Unchanged} uendret ({ingest.Loads.Count} filer, {features} objekter).",
            ingest.ReportSection);
    }
}
