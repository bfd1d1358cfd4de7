using System.Text;
using CsvHelper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// <c>tomte suppression export --out F</c>: the persons to be washed against Reservasjonsregisteret, as the file a wash
/// vendor takes (eier_id;navn;adresse;postnummer;poststed, UTF-8 with BOM for Excel). The vendor adds reservert (and
/// the wash date) and the file comes back through <c>suppression import</c>. Organisations are not in the register;
/// persons who opted out are never contacted, so they are not sent anywhere.
/// </summary>
public sealed class WashListExporter(NpgsqlDataSource dataSource, ILogger<WashListExporter> logger)
{
    private const string PersonsSql = """
        SELECT g.eier_id, g.navn, g.adresse, g.postnummer, g.poststed
        FROM owners.grunneier g
        WHERE g.type = 'person'
          AND NOT EXISTS (SELECT 1 FROM outreach.suppression s
                          WHERE s.eier_id = g.eier_id AND s.reason = 'opt_out' AND s.epost IS NULL AND s.telefon IS NULL)
        ORDER BY g.eier_id
        """;

    public async Task<int> WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        var persons = 0;
        try
        {
            await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
            await using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Separator = ';' }, false))
            {
                foreach (var column in SuppressionCsvReader.ExportColumns)
                {
                    csv.WriteField(column);
                }
                await csv.EndRecordAsync(cancellationToken);
                await using var command = dataSource.CreateCommand(PersonsSql);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    for (var i = 0; i < SuppressionCsvReader.ExportColumns.Count; i++)
                    {
                        csv.WriteField(reader.IsDBNull(i) ? "" : reader.GetString(i));
                    }
                    await csv.EndRecordAsync(cancellationToken);
                    persons++;
                }
            }
            // Written beside and moved into place, so a half-written file never looks finished.
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        logger.WashListExported(persons);
        return persons;
    }
}
