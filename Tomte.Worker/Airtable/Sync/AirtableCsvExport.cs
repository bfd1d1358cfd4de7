using System.Text;
using CsvHelper;
using Tomte.Worker.Airtable.Schema;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// Writes the records the sync would send as one CSV per table (UTF-8, header = Airtable field names,
/// links as comma-joined keys), so a base can be filled by CSV import when no token is configured.
/// </summary>
public sealed class AirtableCsvExport(AirtableProjection projection)
{
    public sealed record TableFile(string Table, string Path, int Records);

    public async Task<IReadOnlyList<TableFile>> WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<TableFile>();
        foreach (var table in AirtableProjection.SyncedTables)
        {
            var spec = TomteSchema.Table(table);
            var records = await projection.ProjectAsync(table, cancellationToken);
            var path = Path.Combine(directory, $"{table}.csv");
            var temporary = path + ".tmp";
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            await using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, false))
            {
                var columns = spec.WorkerWritten.Where(f => f.Type != "multipleAttachments").Select(f => f.Name).ToArray();
                foreach (var column in columns)
                {
                    csv.WriteField(column);
                }
                await csv.EndRecordAsync(cancellationToken);
                foreach (var record in records)
                {
                    foreach (var column in columns)
                    {
                        csv.WriteField(OutboundRecord.CsvText(record.Fields.GetValueOrDefault(column)));
                    }
                    await csv.EndRecordAsync(cancellationToken);
                }
            }
            // Written beside and moved into place, so a half-written file never looks finished.
            File.Move(temporary, path, overwrite: true);
            files.Add(new TableFile(table, path, records.Count));
        }
        return files;
    }
}
