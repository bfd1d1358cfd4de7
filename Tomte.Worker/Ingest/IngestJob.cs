using Quartz;

namespace Tomte.Worker.Ingest;

/// <summary>The scheduled <c>tomte ingest</c>: every enabled dataset for the configured kommuner.</summary>
[DisallowConcurrentExecution]
public sealed class IngestJob(IngestRunner runner) : IJob
{
    public const string Name = "ingest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var outcome = await runner.RunAsync([], [], progress: null, report: null, cancellationToken);
        if (outcome.Failures.Count > 0)
        {
            // The loads that worked are kept (each is its own transaction); the job still fails so the run shows red.
            var first = outcome.Failures[0];
            throw new JobExecutionException(
                $"{outcome.Failures.Count} of {outcome.Failures.Count + outcome.Loads.Count} loads failed; first {first.Dataset} {first.Kommunenummer}: {first.Reason}");
        }
    }
}
