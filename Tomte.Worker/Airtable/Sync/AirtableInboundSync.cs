using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// Reads the team's fields back: only records whose "Sist endret av teamet" is past the table's watermark
/// (minus a small overlap, so a change saved while the last read ran is not missed), stored in
/// airtable.team_field_history only when a value changed, so reading a record twice adds nothing.
/// </summary>
public sealed class AirtableInboundSync(
    AirtableClient client,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<AirtableSyncOptions> options,
    TomteMetrics metrics,
    ILogger<AirtableInboundSync> logger)
{
    public sealed record TableResult(string Table, int Records, int Changes, DateTimeOffset? Watermark);

    /// <summary>Tables that have team fields, in the order they are read.</summary>
    public static IEnumerable<TableSpec> ReadTables => TomteSchema.Tables.Where(t => t.LastModified is not null);

    public async Task<IReadOnlyList<TableResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<TableResult>();
        foreach (var table in ReadTables)
        {
            results.Add(await ReadTableAsync(table, cancellationToken));
        }
        return results;
    }

    public async Task<TableResult> ReadTableAsync(TableSpec spec, CancellationToken cancellationToken)
    {
        var modifiedField = spec.LastModified!.Name;
        var watermark = await WatermarkAsync(spec.Name, cancellationToken);
        var since = watermark?.AddSeconds(-options.Value.ReadBackOverlapSeconds);
        var listOptions = new ListOptions
        {
            Fields = [spec.Key.Name, .. spec.TeamFields.Select(f => f.Name), modifiedField],
            FilterByFormula = since is null
                ? $"NOT({{{modifiedField}}} = BLANK())"
                : $"IS_AFTER({{{modifiedField}}}, '{since.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}')",
        };

        var rows = new List<(string Key, string Field, string? Json, DateTimeOffset ValidFrom)>();
        var records = 0;
        DateTimeOffset? newest = watermark;
        await foreach (var record in client.ListRecordsAsync(spec.Name, listOptions, cancellationToken))
        {
            var key = record.GetString(spec.Key.Name);
            var modified = record.GetDateTime(modifiedField);
            if (string.IsNullOrWhiteSpace(key) || modified is null)
            {
                logger.RecordWithoutKey(spec.Name, record.Id);
                continue;
            }
            records++;
            newest = newest is null || modified > newest ? modified : newest;
            foreach (var field in spec.TeamFields)
            {
                rows.Add((key, field.Name, ValueJson(field, record), modified.Value));
            }
        }

        var changes = await ApplyAsync(spec.Name, rows, newest, cancellationToken);
        logger.ReadBack(spec.Name, records, changes, newest);
        metrics.RecordsSynced(spec.Name, SyncDirection.ReadBack, records);
        return new TableResult(spec.Name, records, changes, newest);
    }

    // Airtable leaves empty values out (an unticked checkbox too); empty is stored as NULL, so a first read
    // of an untouched field is no change.
    private static string? ValueJson(FieldSpec field, AirtableRecord record) =>
        record.Fields.TryGetValue(field.Name, out var value) ? value.GetRawText() : null;

    private async Task<DateTimeOffset?> WatermarkAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT watermark FROM airtable.sync_watermark WHERE table_name = $1");
        command.Parameters.AddWithValue(table);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime value
            ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))
            : null;
    }

    private async Task<int> ApplyAsync(string table, List<(string Key, string Field, string? Json, DateTimeOffset ValidFrom)> rows, DateTimeOffset? watermark, CancellationToken cancellationToken)
    {
        // One statement compares every read value with the current one and keeps only real changes,
        // then the watermark moves in the same transaction: both or neither.
        const string insert = """
            INSERT INTO airtable.team_field_history (table_name, record_key, field_name, value, valid_from, read_at)
            SELECT $1, r.k, r.f, r.v, r.t, $6
            FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS r(k, f, v, t)
            LEFT JOIN airtable.team_field_current c
                   ON c.table_name = $1 AND c.record_key = r.k AND c.field_name = r.f
            WHERE (c.record_key IS NULL AND r.v IS NOT NULL)
               OR (c.record_key IS NOT NULL AND c.value IS DISTINCT FROM r.v)
            """;
        const string advance = """
            INSERT INTO airtable.sync_watermark (table_name, watermark, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (table_name) DO UPDATE
            SET watermark = greatest(airtable.sync_watermark.watermark, excluded.watermark), updated_at = excluded.updated_at
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changes = 0;
        if (rows.Count > 0)
        {
            await using var command = new NpgsqlCommand(insert, connection, transaction);
            command.Parameters.AddWithValue(table);
            command.Parameters.AddWithValue(rows.Select(r => r.Key).ToArray());
            command.Parameters.AddWithValue(rows.Select(r => r.Field).ToArray());
            command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Json).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            command.Parameters.AddWithValue(rows.Select(r => r.ValidFrom).ToArray());
            command.Parameters.AddWithValue(time.GetUtcNow());
            changes = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (watermark is not null)
        {
            await using var command = new NpgsqlCommand(advance, connection, transaction);
            command.Parameters.AddWithValue(table);
            command.Parameters.AddWithValue(watermark.Value);
            command.Parameters.AddWithValue(time.GetUtcNow());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return changes;
    }
}
