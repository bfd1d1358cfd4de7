using Microsoft.Extensions.Logging;
using Quartz;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Worker.Analysis;

/// <summary>
/// The scheduled <c>tomte analyze</c>: analysis, scoring and maps for every kommune whose inputs changed. It has no clock
/// of its own: the ingest job triggers it when it succeeds (JobsServiceCollectionExtensions.Pipeline).
/// </summary>
[DisallowConcurrentExecution]
public sealed class AnalysisJob(AnalysisRunner analysis, ScoreRunner scores, MapRunner maps, ILogger<AnalysisJob> logger) : IJob
{
    public const string Name = "analysis";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var outcome = await analysis.RunAsync([], null, null, cancellationToken);
        // Scores also move without a new analysis (owners, SSB, read-back); the hashes keep this cheap when nothing did.
        var scored = await scores.RunAsync([], cancellationToken);
        var drawn = await maps.RunAsync([], null, cancellationToken);
        logger.AnalysisJobFinished(outcome.Analysed.Count, outcome.Unchanged.Count, scored.Scored, drawn.Rendered);
        if (outcome.Failures.Count > 0)
        {
            var first = outcome.Failures[0];
            throw new JobExecutionException(
                $"{outcome.Failures.Count} of {outcome.Failures.Count + outcome.Analysed.Count} kommuner failed (their previous result is kept); first {first.Kommunenummer}: {first.Reason}");
        }
    }
}
