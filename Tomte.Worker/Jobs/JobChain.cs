using Microsoft.Extensions.Logging;
using Quartz;

namespace Tomte.Worker.Jobs;

/// <summary>
/// The pipeline after the nightly ingest: when a job in <see cref="JobsServiceCollectionExtensions.Pipeline"/> succeeds,
/// the job after it is triggered at once, through the clustered store (a stored one-shot trigger, so any node may run
/// it and it survives a restart). A failed or skipped job ends the chain for that night. The chained jobs request
/// recovery, so a node dying mid-job (before its successor was triggered) has the job run again, which chains again.
/// </summary>
public sealed class JobChain(IReadOnlyDictionary<string, string> pipeline, ILogger<JobChain> logger) : IJobListener
{
    public string Name => "tomte-job-chain";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (jobException is not null || context.Outcome != ExecutionOutcome.Succeeded || context.Result is JobOutcome.Skipped
            || !pipeline.TryGetValue(context.JobDetail.Key.Name, out var next))
        {
            return;
        }
        await context.Scheduler.TriggerJob(new JobKey(next), cancellationToken);
        logger.JobChained(context.JobDetail.Key.Name, next);
    }
}
