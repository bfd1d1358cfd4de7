using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Tomte.Worker.Jobs;

/// <summary>Keeps ops.job_run from growing without bound.</summary>
[DisallowConcurrentExecution]
public sealed class PruneJobHistoryJob(NpgsqlDataSource dataSource, TimeProvider time, IOptions<JobsOptions> options, ILogger<PruneJobHistoryJob> logger) : IJob
{
    public const string Name = "prune-job-history";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.JobHistoryRetentionDays);
        await using var command = dataSource.CreateCommand("DELETE FROM ops.job_run WHERE started_at < $1 AND outcome <> 'running'");
        command.Parameters.AddWithValue(cutoff);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        logger.PrunedJobHistory(deleted, options.Value.JobHistoryRetentionDays);
    }
}
