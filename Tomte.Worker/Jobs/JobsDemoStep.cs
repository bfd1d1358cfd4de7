using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Quartz;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Jobs;

/// <summary>
/// The demo's look at the service: what <c>tomte run</c> would schedule with this configuration (with an Airtable token),
/// each job's next run, the nightly chain, and what the schedule costs in Airtable calls in a month where nothing changes.
/// </summary>
public sealed class JobsDemoStep(
    IConfiguration configuration, IOptions<AirtableOptions> airtable, IOptions<AirtableSyncOptions> sync, Owners.OwnerLookup owners, TimeProvider time) : IDemoStep
{
    private static readonly CultureInfo Norsk = CultureInfo.GetCultureInfo("nb-NO");

    public string Title => "Viser tjenestens jobber og Airtable-budsjettet";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        jobs.Schedules.TryAdd(AirtableSyncJob.Name, AirtableSyncJob.DefaultSchedule);
        jobs.Schedules.TryAdd(AirtableReadBackJob.Name, AirtableReadBackJob.DefaultSchedule);
        var zone = jobs.ResolveTimeZoneOrUtc();
        var now = time.GetUtcNow();

        var lines = new StringBuilder();
        foreach (var job in new[] { Ingest.IngestJob.Name, Analysis.AnalysisJob.Name, Owners.OwnersJob.Name, AirtableSyncJob.Name, AirtableReadBackJob.Name,
                     Outreach.OutreachJob.Name, Status.SystemstatusJob.Name, Owners.Privacy.RetentionJob.Name, PruneJobHistoryJob.Name })
        {
            var crons = jobs.CronsOf(job);
            var after = JobsServiceCollectionExtensions.Pipeline.FirstOrDefault(p => p.Value == job).Key;
            var next = crons.Select(c => new CronExpression(c, zone).GetNextValidTimeAfter(now)).Where(t => t is not null).Min();
            var when = after is not null ? $"etter vellykket {after}"
                : next is null ? "ingen plan"
                : $"neste {TimeZoneInfo.ConvertTime(next.Value, zone).ToString("ddd d. MMM HH:mm", Norsk)} ({string.Join(" | ", crons)})";
            lines.AppendLine(CultureInfo.InvariantCulture, $"  {job,-18} {when}");
        }

        // A month where nothing changes: an idle read-back's requests, one per sync (the team-typed owners), about one per
        // Systemstatus run (only changed rows are sent).
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var monthStart = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, local.Offset);
        var monthEnd = monthStart.AddMonths(1);
        var readBacks = jobs.CronsOf(AirtableReadBackJob.Name).Sum(c => Fires(c, zone, monthStart, monthEnd));
        var syncs = jobs.CronsOf(AirtableSyncJob.Name).Sum(c => Fires(c, zone, monthStart, monthEnd));
        var perReadBack = AirtableSync.IdleReadBackRequests;
        var statusRuns = jobs.CronsOf(Status.SystemstatusJob.Name).Sum(c => Fires(c, zone, monthStart, monthEnd));
        var idle = readBacks * perReadBack + syncs + statusRuns;
        var limit = AirtableCallBudget.Assess(0, now, airtable.Value).Limit;
        var summary = string.Create(Norsk,
            $"Tjenesten (tomte run): {jobs.Schedules.Count(s => s.Value.Length > 0)} planlagte jobber pluss analyse og grunneiere i kjede etter inntaket; " +
            $"en måned uten endringer koster {idle:N0} Airtable-kall ({readBacks:N0} tilbakelesinger × {perReadBack} kall + {syncs:N0} synker + {statusRuns:N0} systemstatus) av {limit:N0} tillatt (budsjett minus margin).");
        // The owners job after the chain asks the register only for qualified sites that are new or changed since their last lookup.
        var due = await owners.DueSitesAsync(sync.Value.MinScore, cancellationToken);
        lines.AppendLine(CultureInfo.InvariantCulture, $"  grunneiere i kjeden: {due.Count} kvalifiserte tomter (score ≥ {sync.Value.MinScore.ToString(Norsk)}) er nye eller endret siden siste eieroppslag; kjente tomter slås ikke opp igjen");
        var report = "## Tjenesten\n\n```\n" + lines + "```\n\n" + summary + "\n";
        return new DemoStepResult(summary, report, Details: lines.ToString().TrimEnd());
    }

    private static int Fires(string cron, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var expression = new CronExpression(cron, zone);
        var count = 0;
        for (var next = expression.GetNextValidTimeAfter(from.AddSeconds(-1)); next is not null && next < to; next = expression.GetNextValidTimeAfter(next.Value))
        {
            count++;
        }
        return count;
    }
}
