using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Airtable;

public enum AirtableBudgetState
{
    /// <summary>Within an even pace towards the budget minus headroom: the schedule runs as configured.</summary>
    Normal,

    /// <summary>Ahead of that pace: the scheduled sync and read-back run at most once per ReducedSyncInterval.</summary>
    Reduced,

    /// <summary>The budget minus headroom is used: the scheduled sync and read-back wait for the next month.</summary>
    Exhausted,
}

/// <summary>
/// Airtable's monthly call cap per plan, kept with headroom. Every request is counted in ops.airtable_call by the shared
/// limiter; the scheduled Airtable jobs ask here before they call. A person's <c>tomte sync</c> is not held back: the
/// headroom is theirs.
/// </summary>
public sealed class AirtableCallBudget(NpgsqlDataSource dataSource, IOptions<AirtableOptions> options, TimeProvider time)
{
    /// <summary>Airtable bills calendar months; the team's months are Norwegian ones, as the ledger's days are.</summary>
    public static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <param name="Limit">Budget minus headroom: the scheduled jobs stop here.</param>
    /// <param name="Pace">What an even spend towards <paramref name="Limit"/> allows by now (one day ahead, so a month's first hours are not "ahead").</param>
    public sealed record Month(long Used, int Budget, long Limit, long Pace, AirtableBudgetState State);

    public sealed record Decision(bool Run, Month Month, DateTimeOffset? LastRun);

    /// <summary>The budget arithmetic, separate from the database so it can be checked by hand.</summary>
    public static Month Assess(long used, DateTimeOffset now, AirtableOptions options)
    {
        var local = TimeZoneInfo.ConvertTime(now, Oslo).DateTime;
        var days = DateTime.DaysInMonth(local.Year, local.Month);
        var elapsedDays = (local - new DateTime(local.Year, local.Month, 1)).TotalDays;
        var limit = (long)Math.Floor(options.MonthlyCallBudget * (1 - options.BudgetHeadroomShare));
        // Whole seconds and integer arithmetic, so an exact figure is not pushed up by rounding noise.
        var seconds = Math.Min((long)days * 86_400, (long)Math.Round((elapsedDays + 1) * 86_400));
        var pace = (limit * seconds + days * 86_400L - 1) / (days * 86_400L);
        var state = used >= limit ? AirtableBudgetState.Exhausted
            : used > pace ? AirtableBudgetState.Reduced
            : AirtableBudgetState.Normal;
        return new Month(used, options.MonthlyCallBudget, limit, pace, state);
    }

    /// <summary>Calls counted for the configured base in the current month (Europe/Oslo).</summary>
    public async Task<Month> ThisMonthAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT coalesce(sum(calls), 0)::bigint FROM ops.airtable_call
            WHERE base_id = $1 AND day >= date_trunc('month', $2 AT TIME ZONE 'Europe/Oslo')::date
            """;
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(options.Value.BaseId);
        command.Parameters.AddWithValue(now);
        var used = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return Assess(used, now, options.Value);
    }

    /// <summary>Whether a scheduled Airtable job may call now: always when Normal, once per ReducedSyncInterval when Reduced, never when Exhausted.</summary>
    public async Task<Decision> ForScheduledJobAsync(string jobName, CancellationToken cancellationToken)
    {
        var month = await ThisMonthAsync(cancellationToken);
        if (month.State == AirtableBudgetState.Normal)
        {
            return new Decision(true, month, null);
        }
        // The run asking is already recorded as running; the last one that did its work is what counts.
        const string sql = """
            SELECT max(started_at) FROM ops.job_run WHERE job_name = $1 AND outcome IN ('succeeded', 'failed')
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(jobName);
        var last = await command.ExecuteScalarAsync(cancellationToken) is DateTime value
            ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        var run = month.State == AirtableBudgetState.Reduced
            && (last is null || time.GetUtcNow() - last.Value >= options.Value.ReducedSyncInterval);
        return new Decision(run, month, last);
    }
}
