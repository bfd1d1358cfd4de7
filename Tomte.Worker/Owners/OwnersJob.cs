using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Owners;

/// <summary>
/// Owners for new qualified sites, chained after the analysis job: the qualified sites (score at least
/// Tomte:Airtable:Sync:MinScore, the ones that go to the team) that are new or whose land changed since their last owner
/// lookup are looked up with the configured provider; known ones are left alone (<see cref="OwnerLookup.RunForNewQualifiedSitesAsync"/>).
/// Without a provider (owners come from <c>tomte owners import</c>) it is skipped.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OwnersJob(
    OwnerLookup lookup, IOptions<OwnersOptions> owners, IOptions<AirtableSyncOptions> sync, ILogger<OwnersJob> logger) : IJob
{
    public const string Name = "owners";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (owners.Value.Provider == OwnerProvider.Ingen)
        {
            logger.OwnersJobWithoutProvider(owners.Value.Provider);
            context.Result = Jobs.JobOutcome.Skipped;
            return;
        }
        var result = await lookup.RunForNewQualifiedSitesAsync(sync.Value.MinScore, cancellationToken);
        if (result is null)
        {
            context.Result = Jobs.JobOutcome.Skipped;
        }
    }
}
