using Microsoft.Extensions.Options;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// The demo's Airtable step: without a token it writes the records the sync would send as CSV files
/// (one per table) under <c>demo/airtable/</c>; with a token it runs the real sync.
/// </summary>
public sealed class AirtableDemoStep(IOptions<AirtableOptions> options, AirtableCsvExport csv, AirtableSync sync)
{
    public async Task<string> RunAsync(string demoDirectory, TextWriter progress, CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            var files = await csv.WriteAsync(Path.Combine(demoDirectory, "airtable"), cancellationToken);
            var line = "Airtable ikke konfigurert: skrev det synkroniseringen ville sendt som CSV for import (" +
                string.Join(", ", files.Select(f => $"{f.Table} {f.Records}")) + ") til airtable/.";
            await progress.WriteLineAsync(line);
            return line;
        }
        var result = await sync.RunAsync(null, cancellationToken);
        var summary = $"Airtable synkronisert: {result.Outbound.Sum(t => t.Sent)} poster sendt, {result.Inbound.Sum(t => t.Changes)} endringer lest tilbake.";
        await progress.WriteLineAsync(summary);
        return summary;
    }
}
