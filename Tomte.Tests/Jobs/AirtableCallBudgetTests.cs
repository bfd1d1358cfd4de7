using Quartz;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Jobs;

public sealed class AirtableCallBudgetTests
{
    private static readonly AirtableOptions Team = new() { MonthlyCallBudget = 100_000, BudgetHeadroomShare = 0.1 };

    // 15 November 2026, 12:00 in Oslo (UTC+1): 14.5 of 30 days gone.
    private static readonly DateTimeOffset MidNovember = new(2026, 11, 15, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, AirtableBudgetState.Normal)]
    [InlineData(46_500, AirtableBudgetState.Normal)]     // exactly the pace: 90,000 × 15.5 / 30
    [InlineData(46_501, AirtableBudgetState.Reduced)]
    [InlineData(89_999, AirtableBudgetState.Reduced)]
    [InlineData(90_000, AirtableBudgetState.Exhausted)]  // budget minus 10 % headroom
    public void The_team_plan_runs_normally_up_to_an_even_pace_then_reduced_then_stops_at_the_headroom(long used, AirtableBudgetState expected)
    {
        var month = AirtableCallBudget.Assess(used, MidNovember, Team);

        Assert.Equal(90_000, month.Limit);
        Assert.Equal(46_500, month.Pace);
        Assert.Equal(expected, month.State);
    }

    [Fact]
    public void The_month_is_the_Oslo_month_so_the_last_hour_of_a_UTC_month_already_starts_the_next()
    {
        var free = new AirtableOptions { MonthlyCallBudget = 1_000, BudgetHeadroomShare = 0.1 };
        // 30 November 23:30 UTC is 1 December 00:30 in Oslo: December's first day, pace 900 × (1 + 0.02) / 31.
        var month = AirtableCallBudget.Assess(30, new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), free);

        Assert.Equal(900, month.Limit);
        Assert.Equal(30, month.Pace);
        Assert.Equal(AirtableBudgetState.Normal, month.State);
        Assert.Equal(AirtableBudgetState.Reduced, AirtableCallBudget.Assess(31, new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), free).State);
    }

    /// <summary>The README's month on paper: the default schedule's idle calls in November 2026, fired by Quartz's own cron arithmetic.</summary>
    [Fact]
    public void The_default_schedule_idles_well_inside_the_team_budget()
    {
        var oslo = AirtableCallBudget.Oslo;
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var to = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var readBacks = AirtableReadBackJob.DefaultSchedule.Split('|').Sum(cron => Fires(cron, oslo, from, to));
        var syncs = Fires(AirtableSyncJob.DefaultSchedule, oslo, from, to);

        // November 2026: 21 weekdays × 11 h × 30 + the rest every 30 minutes.
        Assert.Equal(21 * 11 * 30 + 21 * 13 * 2 + 9 * 24 * 2, readBacks);
        Assert.Equal(30 * 24 * 12, syncs);
        // Idle costs (measured by AirtableTwoProcessTests): one request per read-back table plus two for the brokers'
        // records without an id, one for the sync (team-typed owners), about one per Systemstatus run (README).
        var readBackCost = AirtableSync.IdleReadBackRequests;
        var systemstatus = Fires(Worker.Status.SystemstatusJob.DefaultSchedule, oslo, from, to);
        var idle = readBacks * readBackCost + syncs * 1 + systemstatus;
        Assert.Equal(6930 + 546 + 432, readBacks);
        Assert.Equal(8, readBackCost);
        Assert.True(idle < AirtableCallBudget.Assess(0, from, Team).Limit, $"idle month {idle} calls");
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
