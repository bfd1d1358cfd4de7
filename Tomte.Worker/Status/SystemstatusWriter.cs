using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Status;

/// <summary>
/// The status summary as rows of the Airtable table Systemstatus (key Nøkkel): one per job, per data source, per
/// funnel stage and one for the Airtable call budget. Sent through the sync's own path, so only rows whose values
/// changed are written, and only worker fields.
/// </summary>
public sealed class SystemstatusWriter(
    StatusReader reader,
    AirtableOutboundSync outbound,
    NpgsqlDataSource dataSource,
    IOptions<AirtableOptions> airtable,
    ILogger<SystemstatusWriter> logger)
{
    public const string CallsKey = "Airtable-kall denne måneden";

    /// <param name="Sent">Rows written to Airtable; null when Airtable is not configured (nothing was sent).</param>
    public sealed record Result(StatusReport Report, IReadOnlyList<OutboundRecord> Records, int? Sent);

    public async Task<Result> WriteAsync(CancellationToken cancellationToken)
    {
        var report = await reader.ReadAsync(cancellationToken);
        var rows = Rows(report);
        var changedAt = await RememberAsync(rows, report.At, cancellationToken);
        var records = rows.Select(r => r.Builder.Set("Oppdatert", Iso(changedAt[r.Key])).Build()).ToArray();
        if (!airtable.Value.IsConfigured)
        {
            logger.SystemstatusNotSent(records.Length);
            return new Result(report, records, null);
        }
        var result = await outbound.SendAsync(TomteSchema.Systemstatus, records, null, cancellationToken);
        logger.SystemstatusWritten(result.Sent, records.Length);
        return new Result(report, records, result.Sent);
    }

    private sealed record Row(string Key, OutboundRecord.Builder Builder, string ValueHash);

    private static List<Row> Rows(StatusReport report)
    {
        var spec = TomteSchema.Table(TomteSchema.Systemstatus);
        var rows = new List<(string Key, OutboundRecord.Builder Builder)>();
        rows.Add((CallsKey, OutboundRecord.For(spec, CallsKey)
            .Set("Kategori", "tjeneste")
            .Set("Verdi", $"{StatusText.Count(report.Calls.Calls)} av {StatusText.Count(report.Calls.Budget)} ({StatusText.Percent(report.Calls.ShareUsed)}), {StatusText.Count(report.Calls.Throttled)} svar med 429")
            .Set("Tall", report.Calls.Calls)
            .Set("Utfall", StatusText.Budget(report.Calls))));
        foreach (var job in report.Jobs)
        {
            var key = $"Jobb: {job.Name}";
            rows.Add((key, OutboundRecord.For(spec, key)
                .Set("Kategori", "jobb")
                .Set("Verdi", StatusText.JobValue(job))
                .Set("Tall", job.LastDuration is { } duration ? Math.Round((decimal)duration.TotalSeconds, 1) : null)
                .Set("Sist kjørt", Iso(job.LastStarted))
                .Set("Utfall", StatusText.Outcome(job))
                .Set("Neste kjøring", Iso(job.NextFire))));
        }
        foreach (var source in report.Sources)
        {
            var key = $"Datakilde: {source.Dataset}";
            // The age words ("for 3 t siden") would change every run; the row shows the times and counts instead.
            var kommuner = source.Kommuner.Count(k => k.Kommunenummer is not null);
            var stale = source.StaleKommuner.Select(k => k.Kommunenummer ?? "hele landet").ToArray();
            var value = (kommuner == 0 ? "hele landet" : $"{kommuner} kommuner")
                + (stale.Length == 0 ? ", alle ferske" : $", {stale.Length} foreldet: {string.Join(", ", stale.Take(20))}{(stale.Length > 20 ? " …" : "")}")
                + (source.FailedCount > 0 ? $"; siste forsøk feilet for {source.FailedCount}" : "");
            rows.Add((key, OutboundRecord.For(spec, key)
                .Set("Kategori", "datakilde")
                .Set("Verdi", value)
                .Set("Tall", (long)stale.Length)
                .Set("Sist kjørt", Iso(source.Newest))
                .Set("Utfall", StatusText.Freshness(source))));
        }
        foreach (var stage in report.Funnel)
        {
            var key = $"Trakt: {StatusText.Name(stage.Stage)}";
            rows.Add((key, OutboundRecord.For(spec, key)
                .Set("Kategori", "trakt")
                .Set("Verdi", StatusText.FunnelValue(stage))
                .Set("Tall", stage.Count)
                .Set("Utfall", $"{StatusText.Percent(stage.ShareOfTarget)} av målet")));
        }
        return rows.Select(r => new Row(r.Key, r.Builder, r.Builder.Build().ContentHash)).ToList();
    }

    /// <summary>Records each row's value hash; returns when each row's values last changed ("Oppdatert").</summary>
    private async Task<Dictionary<string, DateTimeOffset>> RememberAsync(IReadOnlyList<Row> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH changed AS (
                INSERT INTO ops.systemstatus AS s (nokkel, value_hash, changed_at)
                SELECT k, h, $3 FROM unnest($1::text[], $2::text[]) AS r(k, h)
                ON CONFLICT (nokkel) DO UPDATE SET value_hash = excluded.value_hash, changed_at = excluded.changed_at
                WHERE s.value_hash <> excluded.value_hash
                RETURNING nokkel, changed_at)
            SELECT nokkel, changed_at FROM changed
            UNION ALL
            SELECT s.nokkel, s.changed_at FROM ops.systemstatus s
            WHERE s.nokkel = ANY($1) AND s.nokkel NOT IN (SELECT nokkel FROM changed)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(rows.Select(r => r.Key).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.ValueHash).ToArray());
        command.Parameters.AddWithValue(now);
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return result;
    }

    // Airtable takes a dateTime as an ISO 8601 string in UTC and shows it in the field's time zone (Europe/Oslo).
    private static string? Iso(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
