namespace Tomte.Worker.Status;

/// <summary>The stages of the sales funnel the business steers by (the seed plan), in funnel order.</summary>
public enum FunnelStage
{
    PolygonsAnalysed,
    Qualified,
    OwnersContacted,
    ActiveDialogues,
    Signed,
    HousingCapacity,
}

/// <summary>How a job's newest run ended (ops.job_run.outcome), or that it never ran.</summary>
public enum JobOutcome
{
    NeverRun,
    Running,
    Succeeded,
    Failed,

    /// <summary>The job had nothing to do or was held back (no owner provider, no site due, the call budget).</summary>
    Skipped,

    /// <summary>Stopped by the service's shutdown or a killed process; it runs again.</summary>
    Interrupted,
}

/// <summary>One scheduled job: its newest run from ops.job_run, its next fire time from the Quartz store.</summary>
/// <param name="FailuresInARow">Failed runs since the newest successful one.</param>
/// <param name="Failing">Whether <paramref name="FailuresInARow"/> reached <see cref="StatusOptions.FailuresInARow"/>.</param>
public sealed record JobStatus(
    string Name,
    DateTimeOffset? LastStarted,
    TimeSpan? LastDuration,
    JobOutcome LastOutcome,
    string? LastError,
    int FailuresInARow,
    bool Failing,
    DateTimeOffset? NextFire);

/// <summary>One (dataset, kommune) in ingest.load; a null kommune is a national load.</summary>
/// <param name="LastLoaded">The newest load that ended loaded or unchanged.</param>
/// <param name="LastAttemptFailed">Whether the newest attempt failed (the data is then older than the schedule says).</param>
public sealed record KommuneFreshness(string? Kommunenummer, DateTimeOffset? LastLoaded, bool LastAttemptFailed, bool Stale);

/// <summary>A dataset's freshness over the kommuner it was loaded for.</summary>
public sealed record SourceFreshness(string Dataset, TimeSpan StaleAfter, IReadOnlyList<KommuneFreshness> Kommuner)
{
    public IEnumerable<KommuneFreshness> StaleKommuner => Kommuner.Where(k => k.Stale);

    public int FailedCount => Kommuner.Count(k => k.LastAttemptFailed);

    public DateTimeOffset? Newest => Kommuner.Max(k => k.LastLoaded);

    public DateTimeOffset? Oldest => Kommuner.Min(k => k.LastLoaded);
}

public sealed record FunnelCount(FunnelStage Stage, long Count, int Target)
{
    public double ShareOfTarget => (double)Count / Target;
}

/// <summary>Airtable API calls this month (ops.airtable_call, every process) against the configured monthly budget.</summary>
public sealed record CallBudget(DateOnly Month, long Calls, long Throttled, int Budget)
{
    public double ShareUsed => (double)Calls / Budget;
}

/// <summary>Everything <c>tomte status</c> prints and Systemstatus shows, read at one moment.</summary>
public sealed record StatusReport(
    DateTimeOffset At,
    CallBudget Calls,
    IReadOnlyList<JobStatus> Jobs,
    IReadOnlyList<SourceFreshness> Sources,
    IReadOnlyList<FunnelCount> Funnel);
