using Quartz;

namespace Tomte.Worker.Status;

/// <summary>
/// Refreshes the Airtable table Systemstatus on schedule, so the team sees failing jobs, stale data and the funnel
/// without leaving Airtable. Without an Airtable token it only keeps the values and their change times locally.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SystemstatusJob(SystemstatusWriter writer) : IJob
{
    public const string Name = "systemstatus";

    /// <summary>
    /// Every 15 minutes, five minutes after the sync's quarter hours. Only changed rows are sent, in batches of 10: a
    /// quarter hour in which only the sync's job row and the call counter changed costs one request, so 96 a day and
    /// about 2,900 a month, more on the nights the ingest changes many data-source rows.
    /// </summary>
    public const string DefaultSchedule = "0 5/15 * * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        Airtable.AirtableRequestTally.Begin(context);
        await writer.WriteAsync(cancellationToken);
    }
}
