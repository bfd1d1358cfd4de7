using Npgsql;
using Quartz;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Jobs;

/// <summary>Writes one ops.job_run row per execution, so Systemstatus and operators can see what ran and how it ended.</summary>
public sealed class JobRunRecorder(NpgsqlDataSource dataSource, TimeProvider time, TomteMetrics metrics) : IJobListener
{
    public string Name => "tomte-job-run-recorder";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        const string sql = """
            INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, scheduled_at, started_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (fire_instance_id) DO NOTHING
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(context.JobDetail.Key.Name);
        command.Parameters.AddWithValue(context.FireInstanceId);
        command.Parameters.AddWithValue(context.Scheduler.SchedulerInstanceId);
        command.Parameters.AddWithValue((object?)context.ScheduledFireTimeUtc ?? DBNull.Value);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        Finish(context, "failed", "vetoed", cancellationToken);

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        metrics.JobFinished(context.JobDetail.Key.Name, jobException is null, context.JobRunTime);
        return Finish(context, jobException is null ? "succeeded" : "failed", jobException?.InnerException?.Message ?? jobException?.Message, cancellationToken);
    }

    private async ValueTask Finish(IJobExecutionContext context, string outcome, string? error, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE ops.job_run SET finished_at = $2, outcome = $3, error = $4
            WHERE fire_instance_id = $1
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(context.FireInstanceId);
        command.Parameters.AddWithValue(time.GetUtcNow());
        command.Parameters.AddWithValue(outcome);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
