using Microsoft.Extensions.Logging;
using Quartz;
using Tomte.Worker.Brokers;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// <c>tomte sync</c> and the two sync jobs: owners the team typed into Airtable in first (they get their Eier-ID), then
/// Tomte's records out, then the team's changes back in; brokers' tips the team entered get their ids before the
/// read-back and are assessed and answered after it. Every part holds <see cref="AirtableSyncLock"/>, so only one
/// sync runs on the database at a time.
/// </summary>
public sealed class AirtableSync(AirtableTeamOwners teamOwners, AirtableOutboundSync outbound, AirtableInboundSync inbound, TipSync tips, AirtableSyncLock syncLock)
{
    public sealed record Result(AirtableTeamOwners.Result TeamOwners, IReadOnlyList<AirtableOutboundSync.TableResult> Outbound, IReadOnlyList<AirtableInboundSync.TableResult> Inbound,
        TipSync.Result? Tips = null);

    /// <param name="onWaiting">Told when another sync (the service's job) is running and this one waits for it.</param>
    public async Task<Result> RunAsync(IProgress<string>? progress, CancellationToken cancellationToken, Func<Task>? onWaiting = null)
    {
        await using var held = await syncLock.AcquireAsync(onWaiting, cancellationToken);
        var typed = await teamOwners.ReadAsync(cancellationToken);
        var sent = await outbound.RunAsync(progress, cancellationToken);
        var assigned = await tips.AssignIdsAsync(cancellationToken);
        var read = await inbound.RunAsync(cancellationToken);
        var assessed = await tips.AssessAndWriteBackAsync(assigned, cancellationToken);
        return new Result(typed, sent, read, assessed);
    }

    /// <summary>The outbound half (team-typed owners in, Tomte's records out): the sync job.</summary>
    public async Task<(AirtableTeamOwners.Result TeamOwners, IReadOnlyList<AirtableOutboundSync.TableResult> Outbound)> SendAsync(CancellationToken cancellationToken)
    {
        await using var held = await syncLock.AcquireAsync(null, cancellationToken);
        var typed = await teamOwners.ReadAsync(cancellationToken);
        var sent = await outbound.RunAsync(null, cancellationToken);
        return (typed, sent);
    }

    /// <summary>Requests a read-back makes when nothing changed: one list per table read back, plus the brokers' id lookups.</summary>
    public static int IdleReadBackRequests => AirtableInboundSync.ReadTables.Count() + TipSync.IdleIdLookups;

    /// <summary>
    /// The inbound half (the team's fields since the watermark, one request per table when nothing changed), with the
    /// brokers' tips given their ids before and assessed after it, so a tip is answered within the read-back interval:
    /// the read-back job.
    /// </summary>
    public async Task<IReadOnlyList<AirtableInboundSync.TableResult>> ReadBackAsync(CancellationToken cancellationToken)
    {
        await using var held = await syncLock.AcquireAsync(null, cancellationToken);
        var assigned = await tips.AssignIdsAsync(cancellationToken);
        var read = await inbound.RunAsync(cancellationToken);
        await tips.AssessAndWriteBackAsync(assigned, cancellationToken);
        return read;
    }
}

/// <summary>Sends Tomte's changes on schedule (every 5 minutes by default) within the monthly call budget; a failure fails the job.</summary>
[DisallowConcurrentExecution]
public sealed class AirtableSyncJob(AirtableSync sync, AirtableClient client, AirtableCallBudget budget, ILogger<AirtableSyncJob> logger) : IJob
{
    public const string Name = "airtable-sync";

    /// <summary>Every 5 minutes.</summary>
    public const string DefaultSchedule = "0 0/5 * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!client.IsConfigured)
        {
            throw new InvalidOperationException("Airtable is not configured (Tomte:Airtable:Token and Tomte:Airtable:BaseId); set them or clear Tomte:Jobs:Schedules:airtable-sync.");
        }
        AirtableRequestTally.Begin(context);
        if (!await AirtableJobs.WithinBudgetAsync(budget, context, logger, cancellationToken))
        {
            return;
        }
        var (typed, sent) = await sync.SendAsync(cancellationToken);
        logger.SyncJobFinished(sent.Sum(t => t.Sent), typed.Records);
    }
}

/// <summary>
/// Reads the team's changes back on schedule: every 2 minutes in working hours (weekdays 07–18 Europe/Oslo), every
/// 30 minutes outside them, within the monthly call budget.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AirtableReadBackJob(AirtableSync sync, AirtableClient client, AirtableCallBudget budget, ILogger<AirtableReadBackJob> logger) : IJob
{
    public const string Name = "airtable-readback";

    /// <summary>Working hours every 2 minutes; evenings, nights and weekends every 30 minutes (crons separated by |).</summary>
    public const string DefaultSchedule = "0 0/2 7-17 ? * MON-FRI|0 0/30 0-6,18-23 ? * MON-FRI|0 0/30 * ? * SAT,SUN";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!client.IsConfigured)
        {
            throw new InvalidOperationException("Airtable is not configured (Tomte:Airtable:Token and Tomte:Airtable:BaseId); set them or clear Tomte:Jobs:Schedules:airtable-readback.");
        }
        AirtableRequestTally.Begin(context);
        if (!await AirtableJobs.WithinBudgetAsync(budget, context, logger, cancellationToken))
        {
            return;
        }
        var read = await sync.ReadBackAsync(cancellationToken);
        logger.ReadBackJobFinished(read.Sum(t => t.Records), read.Sum(t => t.Changes));
    }
}

internal static class AirtableJobs
{
    /// <summary>Asks the monthly budget; a skipped run is recorded as skipped (not failed) and logged with the month's figures.</summary>
    public static async Task<bool> WithinBudgetAsync(AirtableCallBudget budget, IJobExecutionContext context, ILogger logger, CancellationToken cancellationToken)
    {
        var decision = await budget.ForScheduledJobAsync(context.JobDetail.Key.Name, cancellationToken);
        if (decision.Run)
        {
            return true;
        }
        logger.BudgetSkipped(decision.Month.Used, decision.Month.Budget, decision.Month.State, context.JobDetail.Key.Name, decision.LastRun);
        context.Result = Jobs.JobOutcome.Skipped;
        return false;
    }
}
