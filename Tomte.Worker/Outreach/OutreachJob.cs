using Quartz;

namespace Tomte.Worker.Outreach;

/// <summary>
/// The scheduled <c>tomte outreach</c>: the inbox first (a reply stops a sequence before its next step), then one
/// pass of the sequence. Runs every 15 minutes inside the send window; a failure fails the job (ops.job_run).
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutreachJob(ReplyReader replies, OutreachRunner runner) : IJob
{
    public const string Name = "outreach";

    /// <summary>Every 15 minutes from 09:00 to 15:45 on weekdays (Europe/Oslo); holidays are left out by the send window itself.</summary>
    public const string DefaultSchedule = "0 0/15 9-15 ? * MON-FRI";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (replies.IsConfigured)
        {
            await replies.RunAsync(cancellationToken);
        }
        await runner.RunAsync(dryRun: false, cancellationToken);
    }
}
