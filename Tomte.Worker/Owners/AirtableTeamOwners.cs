using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;

namespace Tomte.Worker.Owners;

/// <summary>
/// Owners the team typed into Airtable: a Grunneiere record a person created (no Eier-ID yet) with a name and a link to
/// one or more Eiendommer Tomte synced. Each becomes an owner in the owner model (source airtable, its creation date
/// as the retrieval date), and the record gets the owner's Eier-ID and a place in the crosswalk, so the next sync
/// updates that same record instead of adding a second one. Runs first in every <c>tomte sync</c>.
/// </summary>
public sealed class AirtableTeamOwners(AirtableClient client, NpgsqlDataSource dataSource, OwnerStore store, ILogger<AirtableTeamOwners> logger)
{
    public const string Kilde = "Airtable (lagt inn av teamet)";

    public sealed record Result(int Records, int Owners, int WithoutParcel, int AlreadyKnown);

    public async Task<Result> ReadAsync(CancellationToken cancellationToken)
    {
        var spec = TomteSchema.Table(TomteSchema.Grunneiere);
        var parcels = await ParcelRecordsAsync(cancellationToken);
        var typed = new List<(string RecordId, IReadOnlyList<OwnerRecord> Owners)>();
        var withoutParcel = 0;
        var listOptions = new ListOptions
        {
            Fields = [spec.Key.Name, "Navn", "Type", "Adresse", "Eiendommer"],
            FilterByFormula = $"AND({{{spec.Key.Name}}} = BLANK(), NOT({{Navn}} = BLANK()))",
        };
        await foreach (var record in client.ListRecordsAsync(spec.Name, listOptions, cancellationToken))
        {
            var linked = record.GetStrings("Eiendommer").Select(id => parcels.GetValueOrDefault(id)).OfType<Matrikkelnummer>().ToList();
            if (linked.Count == 0)
            {
                withoutParcel++;
                continue;
            }
            var kind = OwnerVocabulary.TryParseKind(record.GetString("Type") ?? "", out var parsed) ? parsed : OwnerKind.Person;
            var (adresse, postnummer, poststed) = Address(record.GetString("Adresse"));
            var created = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(record.CreatedTime, Import.OwnerImporter.Oslo).DateTime);
            typed.Add((record.Id, linked.Select(m => new OwnerRecord(m, record.GetString("Navn")!.Trim(), kind, null, adresse, postnummer, poststed,
                null, null, null, Kilde, created)).ToList()));
        }
        if (typed.Count == 0)
        {
            logger.TeamOwnersRead(0, 0, withoutParcel, 0);
            return new Result(0, 0, withoutParcel, 0);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await store.SaveAsync(connection, transaction, typed.SelectMany(t => t.Owners).ToList(), OwnerSourceKind.Airtable, covered: null, cancellationToken);
        var ids = await OwnerIdsAsync(connection, transaction, typed.Select(t => t.Owners[0].MergeKey).Distinct().ToArray(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The Eier-ID goes back to the team's record; the crosswalk takes the record unless the owner already has one.
        var known = 0;
        foreach (var batch in typed.Where(t => ids.ContainsKey(t.Owners[0].MergeKey)).Chunk(10))
        {
            await client.UpdateAsync(spec.Name, batch.Select(t => new AirtableRecordUpdate(t.RecordId, new JsonObject { [spec.Key.Name] = ids[t.Owners[0].MergeKey] })).ToArray(),
                cancellationToken: cancellationToken);
            foreach (var (recordId, owners) in batch)
            {
                known += await MapAsync(ids[owners[0].MergeKey], recordId, cancellationToken) ? 0 : 1;
            }
        }
        logger.TeamOwnersRead(typed.Count, stored.Owners, withoutParcel, known);
        return new Result(typed.Count, stored.Owners, withoutParcel, known);
    }

    // "Street\n1430 Ås" as the sync writes it and a person types it.
    private static (string? Adresse, string? Postnummer, string? Poststed) Address(string? text)
    {
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return (null, null, null);
        }
        var last = lines[^1];
        if (last.Length > 5 && last[..4].All(char.IsAsciiDigit) && last[4] == ' ')
        {
            return (lines.Length > 1 ? string.Join(", ", lines[..^1]) : null, last[..4], last[5..].Trim());
        }
        return (string.Join(", ", lines), null, null);
    }

    private async Task<Dictionary<string, Matrikkelnummer>> ParcelRecordsAsync(CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, Matrikkelnummer>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("""
            SELECT m.record_id, e.kommunenummer::text, e.gnr, e.bnr, e.fnr, e.snr
            FROM airtable.record_map m JOIN owners.eiendom e ON e.matrikkelnummer = m.record_key
            WHERE m.table_name = 'Eiendommer' AND m.discarded_at IS NULL
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            map[reader.GetString(0)] = new Matrikkelnummer(reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
        }
        return map;
    }

    private static async Task<Dictionary<string, string>> OwnerIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT merge_key, eier_id FROM owners.grunneier WHERE merge_key = ANY ($1)", connection, transaction);
        command.Parameters.AddWithValue(keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(0)] = reader.GetString(1);
        }
        return ids;
    }

    private async Task<bool> MapAsync(string eierId, string recordId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO airtable.record_map (table_name, record_key, record_id, content_hash, synced_at)
            VALUES ('Grunneiere', $1, $2, NULL, now())
            ON CONFLICT (table_name, record_key) DO NOTHING
            """);
        command.Parameters.AddWithValue(eierId);
        command.Parameters.AddWithValue(recordId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
