using Microsoft.Extensions.Logging;
using Quartz;
using Tomte.Worker.Brokers;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// <c>tomte sync</c> and the sync job: owners the team typed into Airtable in first (they get their Eier-ID), then
/// Tomte's records out, then the team's changes back in; brokers' tips the team entered get their ids before the
/// read-back and are assessed and answered after it.
/// </summary>
public sealed class AirtableSync(AirtableTeamOwners teamOwners, AirtableOutboundSync outbound, AirtableInboundSync inbound, TipSync tips)
{
    public sealed record Result(AirtableTeamOwners.Result TeamOwners, IReadOnlyList<AirtableOutboundSync.TableResult> Outbound, IReadOnlyList<AirtableInboundSync.TableResult> Inbound,
        TipSync.Result? Tips = null);

    public async Task<Result> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var typed = await teamOwners.ReadAsync(cancellationToken);
        var sent = await outbound.RunAsync(progress, cancellationToken);
        var assigned = await tips.AssignIdsAsync(cancellationToken);
        var read = await inbound.RunAsync(cancellationToken);
        var assessed = await tips.AssessAndWriteBackAsync(assigned, cancellationToken);
        return new Result(typed, sent, read, assessed);
    }
}

/// <summary>Runs the two-way sync on schedule; a failure fails the job (and is recorded in ops.job_run).</summary>
[DisallowConcurrentExecution]
public sealed class AirtableSyncJob(AirtableSync sync, AirtableClient client, ILogger<AirtableSyncJob> logger) : IJob
{
    public const string Name = "airtable-sync";

    /// <summary>Every 15 minutes.</summary>
    public const string DefaultSchedule = "0 0/15 * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!client.IsConfigured)
        {
            throw new InvalidOperationException("Airtable is not configured (Tomte:Airtable:Token and Tomte:Airtable:BaseId); set them or clear Tomte:Jobs:Schedules:airtable-sync.");
        }
        var result = await sync.RunAsync(null, cancellationToken);
        logger.SyncJobFinished(result.Outbound.Sum(t => t.Sent), result.Inbound.Sum(t => t.Changes));
    }
}
