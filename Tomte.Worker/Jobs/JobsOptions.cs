using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Quartz;

namespace Tomte.Worker.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Tomte:Jobs";

    /// <summary>Quartz scheduler name; workers with the same name share the job store as one cluster.</summary>
    public string SchedulerName { get; set; } = "tomte";

    /// <summary>Schedules are read in this time zone (Europe/Oslo by default).</summary>
    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>
    /// Cron expressions (Quartz syntax, with seconds) per job name, several separated by <c>|</c>; an empty value
    /// disables that job's schedule. The Airtable jobs get their defaults only when a token is set.
    /// </summary>
    public Dictionary<string, string> Schedules { get; set; } = new(StringComparer.Ordinal)
    {
        [PruneJobHistoryJob.Name] = "0 30 3 * * ?",
        [Ingest.IngestJob.Name] = "0 0 2 * * ?",
        [Owners.Privacy.RetentionJob.Name] = "0 15 3 * * ?",
        [Outreach.OutreachJob.Name] = Outreach.OutreachJob.DefaultSchedule,
        [Status.SystemstatusJob.Name] = Status.SystemstatusJob.DefaultSchedule,
    };

    /// <summary>
    /// How long the service waits for running jobs after SIGTERM before it exits anyway; keep it below the unit's
    /// TimeoutStopSec (120 s), or systemd kills the process first.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The crons of one job (its schedule split at |).</summary>
    public IReadOnlyList<string> CronsOf(string job) =>
        Schedules.TryGetValue(job, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>How long ops.job_run keeps rows.</summary>
    [Range(1, 3650)]
    public int JobHistoryRetentionDays { get; set; } = 180;

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// For registering triggers before validation has run: a bad time zone is reported by
    /// <see cref="JobsOptionsValidator"/> at start, so registration must not throw first.
    /// </summary>
    public TimeZoneInfo ResolveTimeZoneOrUtc()
    {
        try
        {
            return ResolveTimeZone();
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SchedulerName))
        {
            failures.Add($"{JobsOptions.Section}:SchedulerName is empty.");
        }
        try
        {
            options.ResolveTimeZone();
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            failures.Add($"{JobsOptions.Section}:TimeZone '{options.TimeZone}' is not a known time zone (use an IANA id such as Europe/Oslo).");
        }
        foreach (var job in options.Schedules.Keys)
        {
            foreach (var cron in options.CronsOf(job))
            {
                if (!CronExpression.TryParse(cron, out _))
                {
                    failures.Add($"{JobsOptions.Section}:Schedules:{job} '{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week; several separated by |).");
                }
            }
        }
        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{JobsOptions.Section}:ShutdownTimeout is {options.ShutdownTimeout}; it must be between 00:00:01 and 00:30:00 (and below the unit's TimeoutStopSec).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
