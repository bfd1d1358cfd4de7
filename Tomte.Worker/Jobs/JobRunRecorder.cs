using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Jobs;

/// <summary>
/// Writes one ops.job_run row per execution, so status, Systemstatus and operators can see what ran and how it ended,
/// and logs a failed run once, with the exception and its stack trace (Quartz's own logging of it is filtered out).
/// A failed job is not refired: it runs again on its next trigger.
/// </summary>
public sealed class JobRunRecorder(NpgsqlDataSource dataSource, TimeProvider time, TomteMetrics metrics, ILogger<JobRunRecorder> logger) : IJobListener
{
    public string Name => "tomte-job-run-recorder";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        const string sql = """
            INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, scheduled_at, started_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (fire_instance_id) DO NOTHING
            """;
        // A job never runs twice at once in the cluster, so another run of it still marked running belongs to a
        // process that was killed (SIGKILL, power cut) before it could record the end; Quartz has recovered the job.
        const string orphans = """
            UPDATE ops.job_run SET outcome = 'interrupted', finished_at = $3,
                   error = 'the process ended without recording the end of this run (killed); the job was recovered'
            WHERE job_name = $1 AND outcome = 'running' AND fire_instance_id <> $2
            """;
        await using (var orphaned = dataSource.CreateCommand(orphans))
        {
            orphaned.Parameters.AddWithValue(context.JobDetail.Key.Name);
            orphaned.Parameters.AddWithValue(context.FireInstanceId);
            orphaned.Parameters.AddWithValue(time.GetUtcNow());
            await orphaned.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(context.JobDetail.Key.Name);
        command.Parameters.AddWithValue(context.FireInstanceId);
        command.Parameters.AddWithValue(context.Scheduler.SchedulerInstanceId);
        command.Parameters.AddWithValue((object?)context.ScheduledFireTimeUtc ?? DBNull.Value);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        new(Finish(context, JobOutcome.Failed, "vetoed", cancellationToken));

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        // Quartz wraps what the job threw (JobExecutionException, JobExecutionProcessException); log and record the job's own exception.
        Exception? cause = jobException;
        while (cause?.InnerException is { } inner && cause.GetType().Namespace?.StartsWith("Quartz", StringComparison.Ordinal) == true)
        {
            cause = inner;
        }
        // Quartz classifies a job that stopped on its interrupt (the shutdown's) as Cancelled, with or without an exception.
        if (context.Outcome == ExecutionOutcome.Cancelled || (cause is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
        {
            await Finish(context, JobOutcome.Interrupted, "interrupted by the service's shutdown; runs again at the next start", CancellationToken.None);
            logger.JobInterrupted(context.JobDetail.Key.Name);
            return;
        }
        if (cause is null)
        {
            await Finish(context, context.Result is JobOutcome.Skipped ? JobOutcome.Skipped : JobOutcome.Succeeded, null, cancellationToken);
            return;
        }
        // Recorded before logging, so the log line can say how many failures in a row this makes.
        await Finish(context, JobOutcome.Failed, cause.Message, CancellationToken.None);
        var streak = await FailureStreakAsync(context.JobDetail.Key.Name);
        var next = context.NextFireTimeUtc ?? context.Trigger.NextFireTimeUtc;
        logger.JobFailed(context.JobDetail.Key.Name, streak, next, cause);
    }

    private async Task Finish(IJobExecutionContext context, JobOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        metrics.JobFinished(context.JobDetail.Key.Name, outcome, context.JobRunTime);
        const string sql = """
            UPDATE ops.job_run SET finished_at = $2, outcome = $3, error = $4, airtable_calls = $5
            WHERE fire_instance_id = $1
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(context.FireInstanceId);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue(outcome.ToDatabase());
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue(Airtable.AirtableRequestTally.Take(context) is { } calls ? (object)calls : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> FailureStreakAsync(string jobName)
    {
        await using var command = dataSource.CreateCommand("SELECT failures FROM ops.job_failure_streak WHERE job_name = $1");
        command.Parameters.AddWithValue(jobName);
        return await command.ExecuteScalarAsync() is int failures ? failures : 0;
    }
}
