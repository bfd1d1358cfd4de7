using System.Net;
using Npgsql;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>Why owners are erased, which decides what is left behind.</summary>
public enum EraseReason
{
    /// <summary><c>gdpr forget</c>: the owner objected; a salted hash of their merge key is kept so they are never stored or contacted again.</summary>
    Forget,

    /// <summary>
    /// Retention: the owner's sites are gone and nobody objected, so nothing is kept and the owner may be looked up again
    /// if a site reappears, except an owner who had opted out, whose hash is kept as an opt-out.
    /// </summary>
    Retention,
}

/// <summary>
/// The one erase path for owners (<c>gdpr forget</c> and retention): each owner's Airtable Grunneiere record deleted first,
/// with their Aktiviteter records, then in one transaction every row about them (owner, ownerships, outbox and its
/// Aktiviteter crosswalk, refused addresses, suppression rows by id, washes, read-back
/// history, crosswalk) deleted, and for <see cref="EraseReason.Forget"/> (or an opted-out owner) a salted hash of the merge key kept.
/// </summary>
public sealed class OwnerEraser(NpgsqlDataSource dataSource, AirtableClient airtable, TimeProvider time)
{
    public sealed record Erased(string EierId, bool AirtableRecordDeleted, int Ownerships);

    // Owners' Airtable records and ownership counts, before anything is erased.
    private const string ReadSql = """
        SELECT g.eier_id,
               (SELECT m.record_id FROM airtable.record_map m WHERE m.table_name = 'Grunneiere' AND m.record_key = g.eier_id),
               (SELECT count(*)::integer FROM owners.eierskap e WHERE e.eier_id = g.eier_id)
        FROM owners.grunneier g WHERE g.eier_id = ANY (@ids)
        ORDER BY g.eier_id
        """;

    private const string EraseSql = """
        INSERT INTO outreach.suppression (eier_hash, reason, source, created_at)
        SELECT encode(sha256(s.salt || convert_to(g.merge_key, 'UTF8')), 'hex'),
               CASE WHEN @forget THEN 'gdpr_sletting' ELSE 'opt_out' END, @source, @now
        FROM owners.grunneier g, owners.hash_salt s
        WHERE g.eier_id = ANY (@ids) AND g.merge_key IS NOT NULL
          AND (@forget OR EXISTS (SELECT 1 FROM outreach.suppression o
                                  WHERE o.eier_id = g.eier_id AND o.reason = 'opt_out' AND o.epost IS NULL AND o.telefon IS NULL));

        DELETE FROM outreach.suppression WHERE eier_id = ANY (@ids);
        DELETE FROM outreach.bad_address b
        WHERE b.eier_id = ANY (@ids)
           OR b.epost IN (SELECT lower(g.epost) FROM owners.grunneier g WHERE g.eier_id = ANY (@ids) AND g.epost IS NOT NULL);
        DELETE FROM airtable.record_map m
        USING outreach.outbox o
        WHERE o.eier_id = ANY (@ids) AND m.table_name = 'Aktiviteter' AND m.record_key = o.eier_id || '-' || o.step;
        DELETE FROM outreach.outbox WHERE eier_id = ANY (@ids);
        DELETE FROM airtable.team_field_history WHERE table_name = 'Grunneiere' AND record_key = ANY (@ids);
        DELETE FROM airtable.record_map WHERE table_name = 'Grunneiere' AND record_key = ANY (@ids);
        DELETE FROM owners.vask_eier WHERE eier_id = ANY (@ids);
        DELETE FROM owners.eierskap WHERE eier_id = ANY (@ids);
        DELETE FROM owners.grunneier WHERE eier_id = ANY (@ids);
        """;

    private const string ActivityRecordsSql = """
        SELECT m.record_id
        FROM outreach.outbox o
        JOIN airtable.record_map m ON m.table_name = 'Aktiviteter' AND m.record_key = o.eier_id || '-' || o.step
        WHERE o.eier_id = @id
        ORDER BY m.record_id
        """;

    private async Task<IReadOnlyList<string>> ActivityRecordIdsAsync(string eierId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using var command = dataSource.CreateCommand(ActivityRecordsSql);
        command.Parameters.AddWithValue("id", eierId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Erases the owners that exist among <paramref name="eierIds"/>; returns what was erased.</summary>
    public async Task<IReadOnlyList<Erased>> EraseAsync(IReadOnlyCollection<string> eierIds, EraseReason reason, CancellationToken cancellationToken)
    {
        var owners = new List<(string EierId, string? RecordId, int Ownerships)>();
        await using (var command = dataSource.CreateCommand(ReadSql))
        {
            command.Parameters.AddWithValue("ids", eierIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                owners.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2)));
            }
        }
        if (owners.Count == 0)
        {
            return [];
        }

        // Airtable first: if it fails nothing is erased in the database yet and the erase can run again.
        var erased = new List<Erased>();
        foreach (var (eierId, recordId, ownerships) in owners)
        {
            var deleted = false;
            if (recordId is not null)
            {
                if (!airtable.IsConfigured)
                {
                    throw new UnknownOwnerException($"grunneier {eierId} har en post i Airtable ({recordId}), men Airtable er ikke konfigurert (Tomte:Airtable:Token, BaseId); den må slettes der først");
                }
                try
                {
                    await airtable.DeleteAsync(TomteSchema.Grunneiere, recordId, cancellationToken);
                    deleted = true;
                }
                catch (AirtableException ex) when (ex.Status is HttpStatusCode.NotFound)
                {
                    // Already deleted (by the team, or by an earlier erase that stopped before the database).
                }
            }
            // The owner's activities carry their letters and phone script (name, address), so they go too.
            foreach (var activityRecordId in await ActivityRecordIdsAsync(eierId, cancellationToken))
            {
                if (!airtable.IsConfigured)
                {
                    throw new UnknownOwnerException($"grunneier {eierId} har aktiviteter i Airtable, men Airtable er ikke konfigurert (Tomte:Airtable:Token, BaseId); de må slettes der først");
                }
                try
                {
                    await airtable.DeleteAsync(TomteSchema.Aktiviteter, activityRecordId, cancellationToken);
                }
                catch (AirtableException ex) when (ex.Status is HttpStatusCode.NotFound)
                {
                    // Already deleted by the team or by an earlier erase.
                }
            }
            erased.Add(new Erased(eierId, deleted, ownerships));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var erase = new NpgsqlCommand(EraseSql, connection, transaction))
        {
            erase.Parameters.AddWithValue("ids", owners.Select(o => o.EierId).ToArray());
            erase.Parameters.AddWithValue("forget", reason == EraseReason.Forget);
            erase.Parameters.AddWithValue("source", reason == EraseReason.Forget ? "tomte gdpr forget" : "tomte gdpr retention (avmeldt før sletting)");
            erase.Parameters.AddWithValue("now", time.GetUtcNow());
            await erase.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return erased;
    }
}
