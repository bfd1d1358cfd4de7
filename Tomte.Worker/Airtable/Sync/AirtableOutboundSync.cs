using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// Sends Tomte's records to Airtable: upserted on the key field, only those whose content hash changed,
/// links resolved through the key ↔ record-id crosswalk (airtable.record_map), the site map uploaded
/// when its PNG changed. A record the team deleted is marked discarded and never recreated.
/// Every batch is committed to the crosswalk as soon as Airtable accepted it, so a sync killed between
/// batches resumes where it stopped: upsert by key makes a resent batch harmless.
/// </summary>
public sealed class AirtableOutboundSync(
    AirtableClient client,
    AirtableProjection projection,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<AirtableSyncOptions> options,
    TomteMetrics metrics,
    ILogger<AirtableOutboundSync> logger)
{
    public const int BatchSize = 10;

    public const int WriteConcurrency = 2;

    public sealed record TableResult(string Table, int Total, int Changed, int Sent, int Discarded, int MapsUploaded);

    /// <summary>How long a batch already sent may take to finish after the sync is asked to stop.</summary>
    public static readonly TimeSpan BatchDrainGrace = TimeSpan.FromSeconds(20);

    public async Task<IReadOnlyList<TableResult>> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var results = new List<TableResult>();
        foreach (var table in AirtableProjection.SyncedTables)
        {
            var result = await SyncTableAsync(table, progress, cancellationToken);
            results.Add(result);
        }
        return results;
    }

    private sealed record Mapping(string RecordId, string? ContentHash, string? AttachmentHash, bool Discarded);

    private sealed record Pending(OutboundRecord Record, string? RecordId, JsonObject Fields, string Hash);

    private async Task<TableResult> SyncTableAsync(string table, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var records = await projection.ProjectAsync(table, cancellationToken);
        return await SendAsync(table, records, progress, cancellationToken);
    }

    /// <summary>
    /// Sends the records of one table that changed since they were last sent (by content hash), the same way the sync
    /// does; for tables filled outside the projection, such as Systemstatus.
    /// </summary>
    public async Task<TableResult> SendAsync(string table, IReadOnlyList<OutboundRecord> records, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var spec = TomteSchema.Table(table);
        var map = await LoadMapAsync(table, cancellationToken);
        // Key -> record id of each link target; null for a target the team deleted (left out without a warning).
        var links = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
        foreach (var linked in spec.WorkerWritten.Where(f => f.LinkedTable is not null).Select(f => f.LinkedTable!).Distinct())
        {
            links[linked] = (await LoadMapAsync(linked, cancellationToken))
                .ToDictionary(m => m.Key, m => m.Value.Discarded ? null : m.Value.RecordId, StringComparer.Ordinal);
        }

        var pending = new List<Pending>();
        foreach (var record in records)
        {
            map.TryGetValue(record.Key, out var known);
            if (known?.Discarded == true)
            {
                continue;
            }
            var missing = new List<(string Table, string Key)>();
            var fields = Payload(record, links, missing);
            var hash = SentHash(record, fields);
            if (known?.ContentHash != hash)
            {
                pending.Add(new Pending(record, known?.RecordId, fields, hash));
                foreach (var (target, key) in missing)
                {
                    logger.LinkTargetMissing(table, record.Key, target, key);
                }
            }
        }

        var sent = 0;
        var batches = 0;
        var discarded = 0;
        // Records Airtable already has are updated by id, so one the team deleted fails instead of being
        // recreated by an upsert; records new to the crosswalk are upserted on the key.
        var work = pending.Where(p => p.RecordId is not null).Chunk(BatchSize).Select(batch => (Update: true, Batch: batch))
            .Concat(pending.Where(p => p.RecordId is null).Chunk(BatchSize).Select(batch => (Update: false, Batch: batch)));
        // Two batches in flight keep the shared limiter busy while the other answer is being recorded.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken };
        // On shutdown no new batch starts, but one already on its way is let finish and recorded (for at most
        // BatchDrainGrace, well inside systemd's stop timeout), so Airtable and record_map agree when the service stops.
        using var drain = new CancellationTokenSource();
        await using var stopping = cancellationToken.Register(() => drain.CancelAfter(BatchDrainGrace));
        await Parallel.ForEachAsync(work, parallel, async (item, _) =>
        {
            var token = drain.Token;
            if (item.Update)
            {
                var outcome = await UpdateBatchAsync(spec, item.Batch, token);
                Interlocked.Add(ref sent, outcome.Sent);
                Interlocked.Add(ref discarded, outcome.Discarded);
            }
            else
            {
                var result = await client.UpsertAsync(table, item.Batch.Select(p => p.Fields).ToArray(), [spec.Key.Name], cancellationToken: token);
                var ids = result.Records.Select(r => r.Id).ToArray();
                await SaveBatchAsync(table, item.Batch.Select((p, i) => (p.Record.Key, ids[i], p.Hash)), token);
                Interlocked.Add(ref sent, item.Batch.Length);
            }
            Interlocked.Increment(ref batches);
            progress?.Report($"{table}: {Volatile.Read(ref sent)} av {pending.Count} sendt");
        });
        logger.TableSynced(table, pending.Count, records.Count, sent, batches);
        metrics.RecordsSynced(table, SyncDirection.Sent, sent);

        // The table's one worker attachment field: the site map on Tomter, the letter PDF on Aktiviteter.
        var maps = spec.Fields.FirstOrDefault(f => f.Type == "multipleAttachments" && f.WorkerWrites) is { } mapField
            ? await UploadMapsAsync(spec, mapField, records, cancellationToken) : 0;
        return new TableResult(table, records.Count, pending.Count, sent, discarded, maps);
    }

    private async Task<(int Sent, int Discarded)> UpdateBatchAsync(TableSpec spec, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            await client.UpdateAsync(spec.Name, batch.Select(p => new AirtableRecordUpdate(p.RecordId!, p.Fields)).ToArray(), cancellationToken: cancellationToken);
            await SaveBatchAsync(spec.Name, batch.Select(p => (p.Record.Key, p.RecordId!, p.Hash)), cancellationToken);
            return (batch.Count, 0);
        }
        catch (AirtableException ex) when (IsGone(ex))
        {
            var gone = batch.FirstOrDefault(p => p.RecordId == ex.RecordId);
            if (gone is not null)
            {
                await DiscardAsync(spec.Name, gone, ex.ErrorType, cancellationToken);
                var rest = batch.Where(p => p != gone).ToArray();
                var (sent, discarded) = rest.Length == 0 ? (0, 0) : await UpdateBatchAsync(spec, rest, cancellationToken);
                return (sent, discarded + 1);
            }
            if (batch.Count == 1)
            {
                await DiscardAsync(spec.Name, batch[0], ex.ErrorType, cancellationToken);
                return (0, 1);
            }
            // Airtable did not say which record is gone: find it one by one.
            var total = (Sent: 0, Discarded: 0);
            foreach (var single in batch)
            {
                var (sent, discarded) = await UpdateBatchAsync(spec, [single], cancellationToken);
                total = (total.Sent + sent, total.Discarded + discarded);
            }
            return total;
        }
    }

    // Only a missing record counts; a missing table (TABLE_NOT_FOUND, e.g. renamed by the team) fails the sync.
    private static bool IsGone(AirtableException ex) =>
        ex.Status is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity
        && ex.ErrorType is "MODEL_ID_NOT_FOUND" or "ROW_DOES_NOT_EXIST" or "RECORD_NOT_FOUND";

    private async Task DiscardAsync(string table, Pending record, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE airtable.record_map SET discarded_at = $3, discarded_reason = $4
            WHERE table_name = $1 AND record_key = $2
            """);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(record.Record.Key);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue($"deleted in Airtable ({reason})");
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.RecordDiscarded(table, record.Record.Key, record.RecordId!);
    }

    /// <summary>The request body's fields: the record's own worker fields, links turned into record ids.</summary>
    internal static JsonObject Payload(OutboundRecord record, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> links, List<(string Table, string Key)> missing)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in record.Fields)
        {
            var spec = record.Table.Field(name)!;
            // Second guard at the wire: whatever built the record, a team field never leaves Tomte.
            if (!spec.WorkerWrites)
            {
                throw new InvalidOperationException($"Refusing to send {record.Table.Name}.{name}: the worker does not own it.");
            }
            fields[name] = value switch
            {
                null => null,
                string s => JsonValue.Create(s),
                decimal d => JsonValue.Create(d),
                long l => JsonValue.Create(l),
                bool b => JsonValue.Create(b),
                DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                LinkKeys keys => new JsonArray(Resolve(spec, keys, links, missing).Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
                _ => throw new InvalidOperationException($"Unsupported value for {record.Table.Name}.{name}."),
            };
        }
        return fields;
    }

    private static IEnumerable<string> Resolve(FieldSpec field, LinkKeys keys, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> links, List<(string Table, string Key)> missing)
    {
        var targets = links[field.LinkedTable!];
        foreach (var key in keys.Keys)
        {
            if (!targets.TryGetValue(key, out var id))
            {
                missing.Add((field.LinkedTable!, key));
            }
            else if (id is not null)
            {
                yield return id;
            }
        }
    }

    // The hash covers the resolved link ids too, so a link left out because its target had no record yet
    // is sent again once the target exists.
    internal static string SentHash(OutboundRecord record, JsonObject payload)
    {
        var ids = string.Join('|', record.Fields.Where(f => f.Value is LinkKeys).Select(f => f.Key + "=" + payload[f.Key]!.ToJsonString()));
        return ids.Length == 0 ? record.ContentHash : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.ContentHash + "|" + ids)));
    }

    private async Task<int> UploadMapsAsync(TableSpec spec, FieldSpec mapField, IReadOnlyList<OutboundRecord> records, CancellationToken cancellationToken)
    {
        var map = await LoadMapAsync(spec.Name, cancellationToken);
        var uploaded = 0;
        foreach (var record in records)
        {
            if (record.Attachment is not { } png || !map.TryGetValue(record.Key, out var known) || known.Discarded)
            {
                continue;
            }
            var hash = Convert.ToHexStringLower(SHA256.HashData(png));
            if (hash == known.AttachmentHash)
            {
                continue;
            }
            if (png.Length > options.Value.MaxAttachmentBytes)
            {
                logger.MapTooLarge(spec.Name, record.Key, png.Length, options.Value.MaxAttachmentBytes);
                continue;
            }
            if (known.AttachmentHash is not null)
            {
                // uploadAttachment appends; the old map goes first so the field shows only the current one.
                await client.UpdateAsync(spec.Name, [new AirtableRecordUpdate(known.RecordId, new JsonObject { [mapField.Name] = null })], cancellationToken: cancellationToken);
                await SetAttachmentHashAsync(spec.Name, record.Key, null, cancellationToken);
            }
            var fileName = record.AttachmentFileName ?? $"{record.Key}.png";
            var contentType = fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? "application/pdf" : "image/png";
            await client.UploadAttachmentAsync(known.RecordId, mapField.Name, fileName, contentType, png, cancellationToken);
            await SetAttachmentHashAsync(spec.Name, record.Key, hash, cancellationToken);
            logger.MapUploaded(spec.Name, record.Key, png.Length);
            uploaded++;
        }
        return uploaded;
    }

    private async Task SetAttachmentHashAsync(string table, string key, string? hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE airtable.record_map SET attachment_hash = $3 WHERE table_name = $1 AND record_key = $2");
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue((object?)hash ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<string, Mapping>> LoadMapAsync(string table, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Mapping>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand(
            "SELECT record_key, record_id, content_hash, attachment_hash, discarded_at IS NOT NULL FROM airtable.record_map WHERE table_name = $1");
        command.Parameters.AddWithValue(table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = new Mapping(
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4));
        }
        return result;
    }

    private async Task SaveBatchAsync(string table, IEnumerable<(string Key, string RecordId, string Hash)> rows, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO airtable.record_map (table_name, record_key, record_id, content_hash, synced_at)
            SELECT $1, k, i, h, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS r(k, i, h)
            ON CONFLICT (table_name, record_key) DO UPDATE
            SET record_id = excluded.record_id, content_hash = excluded.content_hash, synced_at = excluded.synced_at
            """;
        var list = rows.ToArray();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(table);
        command.Parameters.AddWithValue(list.Select(r => r.Key).ToArray());
        command.Parameters.AddWithValue(list.Select(r => r.RecordId).ToArray());
        command.Parameters.AddWithValue(list.Select(r => r.Hash).ToArray());
        command.Parameters.AddWithValue(time.GetUtcNow());
        // Cancellation is not passed on: Airtable has the batch, so its crosswalk rows must be kept.
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
