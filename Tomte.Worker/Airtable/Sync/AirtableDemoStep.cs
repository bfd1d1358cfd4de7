using Microsoft.Extensions.Options;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// The demo's Airtable step: without a token it writes the records the sync would send as CSV files
/// (one per table) under <c>demo/airtable/</c>; with a token it runs the real sync.
/// </summary>
public sealed class AirtableDemoStep(IOptions<AirtableOptions> options, AirtableCsvExport csv, AirtableSync sync) : IDemoStep
{
    public string Title => options.Value.IsConfigured ? "Synkroniserer med Airtable" : "Skriver Airtable-tabellene som CSV";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            var files = await csv.WriteAsync(Path.Combine(context.OutputDirectory, "airtable"), cancellationToken);
            return new DemoStepResult(
                "Airtable ikke konfigurert: skrev det synkroniseringen ville sendt som CSV for import (" +
                string.Join(", ", files.Select(f => $"{f.Table} {f.Records}")) + ") til airtable/.",
                Artifacts: [new DemoArtifact("airtable/", $"{files.Count} CSV-filer, én per Airtable-tabell, klare for import i Airtable")]);
        }
        var result = await sync.RunAsync(null, cancellationToken);
        return new DemoStepResult(
            $"Airtable synkronisert: {result.Outbound.Sum(t => t.Sent)} poster sendt, {result.Inbound.Sum(t => t.Changes)} endringer lest tilbake.");
    }
}
