using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable;

namespace Tomte.Worker.Status;

/// <summary>
/// Reads the service's state from the database every process shares: Airtable calls (ops.airtable_call), job runs
/// (ops.job_run) and next fire times (the Quartz store), data loads (ingest.load) and the funnel (analysis,
/// outreach and the team's statuses read back from Airtable). Read-only; works before the service ever ran.
/// </summary>
public sealed class StatusReader(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<StatusOptions> options,
    IOptions<AirtableOptions> airtable)
{
    /// <summary>ops.airtable_call counts days in Norwegian time, so the month does too.</summary>
    public static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public async Task<StatusReport> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var calls = await CallsAsync(connection, now, cancellationToken);
        var jobs = await JobsAsync(connection, cancellationToken);
        var sources = await SourcesAsync(connection, now, cancellationToken);
        var funnel = await FunnelAsync(connection, cancellationToken);
        return new StatusReport(now, calls, jobs, sources, funnel);
    }

    private async Task<CallBudget> CallsAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(throttled), 0)::bigint AS throttled
            FROM ops.airtable_call
            WHERE day >= $1 AND day < $2
            """;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Oslo).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(month);
        command.Parameters.AddWithValue(month.AddMonths(1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CallBudget(month, reader.GetInt64(0), reader.GetInt64(1), airtable.Value.MonthlyCallBudget);
    }

    private sealed record NextFire(string Job, DateTimeOffset? At);

    private async Task<IReadOnlyList<JobStatus>> JobsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Every job that ever ran, its newest run, the newest failure's error, and the failures since its newest success.
        const string runsSql = """
            SELECT j.job_name, last.started_at, last.finished_at, last.outcome,
                   (SELECT f.error FROM ops.job_run f
                    WHERE f.job_name = j.job_name AND f.outcome = 'failed'
                    ORDER BY f.started_at DESC LIMIT 1) AS last_error,
                   (SELECT count(*) FROM ops.job_run f
                    WHERE f.job_name = j.job_name AND f.outcome = 'failed'
                      AND f.started_at > coalesce((SELECT max(s.started_at) FROM ops.job_run s
                                                   WHERE s.job_name = j.job_name AND s.outcome = 'succeeded'), '-infinity'))::int AS failures
            FROM (SELECT DISTINCT job_name FROM ops.job_run) j
            CROSS JOIN LATERAL (
                SELECT r.started_at, r.finished_at, r.outcome FROM ops.job_run r
                WHERE r.job_name = j.job_name ORDER BY r.started_at DESC, r.job_run_id DESC LIMIT 1) last
            """;
        var next = await NextFireTimesAsync(connection, cancellationToken);
        var jobs = new Dictionary<string, JobStatus>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(runsSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                var started = reader.GetFieldValue<DateTimeOffset>(1);
                DateTimeOffset? finished = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
                var outcome = reader.GetString(3) switch
                {
                    "running" => JobOutcome.Running,
                    "succeeded" => JobOutcome.Succeeded,
                    "failed" => JobOutcome.Failed,
                    "skipped" => JobOutcome.Skipped,
                    "interrupted" => JobOutcome.Interrupted,
                    var other => throw new InvalidOperationException($"ops.job_run has an unknown outcome '{other}' for job {name}."),
                };
                var failures = reader.GetInt32(5);
                jobs[name] = new JobStatus(name, started, finished - started, outcome,
                    outcome == JobOutcome.Succeeded || reader.IsDBNull(4) ? null : reader.GetString(4),
                    failures, failures >= options.Value.FailuresInARow, null);
            }
        }
        foreach (var fire in next)
        {
            jobs[fire.Job] = jobs.TryGetValue(fire.Job, out var known)
                ? known with { NextFire = fire.At }
                : new JobStatus(fire.Job, null, null, JobOutcome.NeverRun, null, 0, false, fire.At);
        }
        return jobs.Values.OrderBy(j => j.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Every job in the Quartz store with its earliest next fire time (null: no trigger, e.g. a job without a schedule).
    /// Quartz creates its tables when the service first starts, so before that there are none to read.
    /// </summary>
    private static async Task<IReadOnlyList<NextFire>> NextFireTimesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('qrtz_triggers') IS NOT NULL AND to_regclass('qrtz_job_details') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return [];
            }
        }
        // Quartz.NET stores times as UTC ticks; a paused or finished trigger has no next fire time worth showing.
        const string sql = """
            SELECT d.job_name,
                   min(t.next_fire_time) FILTER (WHERE t.next_fire_time > 0 AND t.trigger_state NOT IN ('PAUSED', 'PAUSED_BLOCKED', 'COMPLETE', 'ERROR')) AS next_ticks
            FROM qrtz_job_details d
            LEFT JOIN qrtz_triggers t ON t.sched_name = d.sched_name AND t.job_name = d.job_name AND t.job_group = d.job_group
            GROUP BY d.job_name
            """;
        var result = new List<NextFire>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new NextFire(reader.GetString(0), reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero)));
        }
        return result;
    }

    private async Task<IReadOnlyList<SourceFreshness>> SourcesAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT dataset, kommunenummer,
                   max(finished_at) FILTER (WHERE outcome IN ('loaded', 'unchanged')) AS last_loaded,
                   (array_agg(outcome ORDER BY started_at DESC, load_id DESC) FILTER (WHERE outcome <> 'running'))[1] = 'failed' AS last_failed
            FROM ingest.load
            GROUP BY dataset, kommunenummer
            ORDER BY dataset, kommunenummer NULLS FIRST
            """;
        var rows = new List<(string Dataset, KommuneFreshness Kommune)>();
        await using (var command = new NpgsqlCommand(sql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var dataset = reader.GetString(0);
                DateTimeOffset? loaded = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
                var stale = loaded is null || now - loaded.Value > StaleAfter(dataset);
                rows.Add((dataset, new KommuneFreshness(reader.IsDBNull(1) ? null : reader.GetString(1), loaded,
                    !reader.IsDBNull(3) && reader.GetBoolean(3), stale)));
            }
        }
        return rows.GroupBy(r => r.Dataset, StringComparer.Ordinal)
            .Select(g => new SourceFreshness(g.Key, StaleAfter(g.Key), g.Select(r => r.Kommune).ToArray()))
            .ToArray();
    }

    private TimeSpan StaleAfter(string dataset) =>
        options.Value.StaleAfterPerDataset.TryGetValue(dataset, out var age) ? age : options.Value.StaleAfter;

    private async Task<IReadOnlyList<FunnelCount>> FunnelAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Current sites only (gone ones are kept for history); owners by their newest team status read back from Airtable.
        const string sql = """
            SELECT
                (SELECT count(*) FROM analysis.tomt WHERE endring IN ('ny', 'endret', 'uendret')) AS analysed,
                (SELECT count(*) FROM analysis.tomt WHERE endring IN ('ny', 'endret', 'uendret') AND score > @qualified) AS qualified,
                (SELECT count(DISTINCT eier_id) FROM outreach.outbox WHERE status = 'sent') AS contacted,
                (SELECT count(*) FROM airtable.team_field_current
                 WHERE table_name = 'Grunneiere' AND field_name = 'Status' AND value #>> '{}' = ANY(@dialogue)) AS dialogues,
                (SELECT count(*) FROM airtable.team_field_current
                 WHERE table_name = 'Grunneiere' AND field_name = 'Status' AND value #>> '{}' = ANY(@signed)) AS signed,
                (SELECT coalesce(sum(est_boliger), 0) FROM analysis.tomt
                 WHERE endring IN ('ny', 'endret', 'uendret') AND score > @qualified)::bigint AS capacity
            """;
        var settings = options.Value;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("qualified", (decimal)settings.QualifiedScore);
        command.Parameters.AddWithValue("dialogue", settings.EffectiveActiveDialogueStatuses.ToArray());
        command.Parameters.AddWithValue("signed", settings.EffectiveSignedStatuses.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        FunnelStage[] order = [FunnelStage.PolygonsAnalysed, FunnelStage.Qualified, FunnelStage.OwnersContacted, FunnelStage.ActiveDialogues, FunnelStage.Signed, FunnelStage.HousingCapacity];
        return order.Select((stage, i) => new FunnelCount(stage, reader.GetInt64(i), settings.Targets.For(stage))).ToArray();
    }
}
