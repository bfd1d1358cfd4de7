namespace Tomte.Worker.Jobs;

/// <summary>How a run ended, as ops.job_run.outcome stores it (lower-case names).</summary>
public enum JobOutcome
{
    Running,
    Succeeded,
    Failed,

    /// <summary>The job chose not to work this time (the Airtable call budget, no owner provider); set as the job's result.</summary>
    Skipped,

    /// <summary>Stopped by the service's shutdown; a one-shot trigger runs it again at the next start (or on another node).</summary>
    Interrupted,
}

public static class JobOutcomes
{
    public static string ToDatabase(this JobOutcome outcome) => outcome switch
    {
        JobOutcome.Running => "running",
        JobOutcome.Succeeded => "succeeded",
        JobOutcome.Failed => "failed",
        JobOutcome.Skipped => "skipped",
        JobOutcome.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
