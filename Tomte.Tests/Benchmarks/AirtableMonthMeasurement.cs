using System.Diagnostics;
using System.Globalization;
using System.Text;
using Quartz;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Status;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// The month of Airtable calls measured (deploy/airtable-month.sh): <c>tomte run</c> on the demo's sample data with the
/// DEFAULT schedules of the Airtable jobs (sync, read-back, Systemstatus) against the strict fake (Airtable's 1 s window,
/// 120 ms latency) for TOMTE_MEASURE_MINUTES (default 15) of real time. Each run's requests come from
/// ops.job_run.airtable_calls and are checked against the ledger ops.airtable_call; the month is each job's measured
/// calls per run times its runs in a month from Quartz's own cron arithmetic.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AirtableMonthMeasurement(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset MonthStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset MonthEnd = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));

    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private sealed record JobCalls(string Job, int Runs, int Calls, int Min, int Max);

    [Fact]
    public async Task The_default_schedule_measured_against_the_fake_for_a_quarter_hour()
    {
        var minutes = double.TryParse(Environment.GetEnvironmentVariable("TOMTE_MEASURE_MINUTES"), CultureInfo.InvariantCulture, out var m) ? m : 15;
        var report = Environment.GetEnvironmentVariable("TOMTE_MEASURE_REPORT") ?? Path.Combine(Path.GetTempPath(), "tomte-airtable-month.md");

        var plain = ChildEnvironment.From(_database, new Dictionary<string, string?>());
        var demo = await TomteProcess.RunAsync(plain, "demo");
        Assert.True(demo.ExitCode == 0, demo.StandardError);

        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions
        {
            RateLimitWindow = TimeSpan.FromSeconds(1),
            RequestLatency = TimeSpan.FromMilliseconds(120),
        });
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        using (var host = TestHost.Build(_database, settings))
        {
            await TestHost.Get<AirtableSetup>(host).RunAsync(CancellationToken.None);
        }
        // The service takes over a base that is already in step: the first load and the first Systemstatus are the verbs'.
        var environment = ChildEnvironment.From(_database, settings);
        var ledgerBefore = await LedgerAsync();
        var load = await TomteProcess.RunAsync(environment, "sync");
        Assert.True(load.ExitCode == 0, load.StandardError);
        var firstLoad = await LedgerAsync() - ledgerBefore;
        var status = await TomteProcess.RunAsync(environment, "status", "--airtable");
        Assert.True(status.ExitCode == 0, status.StandardError);

        // No schedule of the Airtable jobs is set: they run on their defaults. Only the nightly ingest is off (it would
        // fetch from the real services; it is not an Airtable job).
        environment["Tomte__Jobs__Schedules__ingest"] = "";
        fake.ResetCounters();
        var ledgerAtStart = await LedgerAsync();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await using (var service = TomteService.Start(environment))
        {
            while (clock.Elapsed < TimeSpan.FromMinutes(minutes) && !service.HasExited)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
            Assert.False(service.HasExited, service.Output);
            await service.SignalAsync("TERM");
            Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(100)), service.Output);
        }
        var measured = clock.Elapsed;
        var ledger = await LedgerAsync() - ledgerAtStart;

        var jobs = new List<JobCalls>();
        await using (var command = _database.DataSource.CreateCommand("""
            SELECT job_name, count(*)::integer, coalesce(sum(airtable_calls), 0)::integer, coalesce(min(airtable_calls), 0), coalesce(max(airtable_calls), 0)
            FROM ops.job_run WHERE started_at >= $1 AND airtable_calls IS NOT NULL AND outcome = 'succeeded'
            GROUP BY job_name ORDER BY job_name
            """))
        {
            command.Parameters.AddWithValue(started);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                jobs.Add(new JobCalls(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
            }
        }
        var otherRuns = await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE airtable_calls IS NOT NULL AND outcome <> 'succeeded'");

        var oslo = AirtableCallBudget.Oslo;
        var readBackCrons = AirtableReadBackJob.DefaultSchedule.Split('|');
        var lines = new List<(string What, int Runs, double PerRun, string Source)>();
        double PerRun(string job) => jobs.SingleOrDefault(j => j.Job == job) is { Runs: > 0 } j ? (double)j.Calls / j.Runs : double.NaN;
        var readBack = PerRun(AirtableReadBackJob.Name);
        lines.Add(("read-back, weekdays 07–18, every 2 min", Fires(readBackCrons[0], oslo), readBack, "measured"));
        lines.Add(("read-back, weekday evenings and nights, every 30 min", Fires(readBackCrons[1], oslo), readBack, "same job, cost per run measured in working hours"));
        lines.Add(("read-back, weekends, every 30 min", Fires(readBackCrons[2], oslo), readBack, "same job, cost per run measured in working hours"));
        lines.Add(("sync, every 5 min", Fires(AirtableSyncJob.DefaultSchedule, oslo), PerRun(AirtableSyncJob.Name), "measured"));
        lines.Add(("Systemstatus, every 15 min", Fires(SystemstatusJob.DefaultSchedule, oslo), PerRun(SystemstatusJob.Name), "measured"));
        var month = lines.Sum(l => l.Runs * l.PerRun);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Airtable calls of the default schedule, measured ({measured.TotalMinutes:F1} min from {started:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`tomte run` on the demo's sample data, default crons of the Airtable jobs, strict fake (1 s window, 120 ms latency). The base was loaded first by `tomte sync` ({firstLoad} calls) and `tomte status --airtable`.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Requests during the run: ledger ops.airtable_call {ledger}, fake {fake.Counters.Total} ({fake.Counters.RateLimited} × 429), sum of ops.job_run.airtable_calls {jobs.Sum(j => j.Calls)}; Airtable job runs not succeeded: {otherRuns}.");
        text.AppendLine();
        text.AppendLine("| job | runs | calls | per run (min–max) |");
        text.AppendLine("|---|---|---|---|");
        foreach (var job in jobs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {job.Job} | {job.Runs} | {job.Calls} | {(double)job.Calls / job.Runs:F2} ({job.Min}–{job.Max}) |");
        }
        text.AppendLine();
        text.AppendLine("November 2026 (Quartz's cron arithmetic in Europe/Oslo) at the measured calls per run:");
        text.AppendLine();
        text.AppendLine("| | runs | calls per run | calls | |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var (what, runs, perRun, source) in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {runs} | {perRun:F2} | {runs * perRun:F0} | {source} |");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"| **idle month, measured** | | | **{month:F0}** | of {AirtableCallBudget.Assess(0, MonthStart, new AirtableOptions()).Limit} (Team minus headroom) |");
        await File.WriteAllTextAsync(report, text.ToString());
        output.WriteLine(text.ToString());

        // The per-run tally and the ledger count the same requests; every Airtable job ran and none drew a 429.
        Assert.Equal(ledger, (long)jobs.Sum(j => j.Calls));
        Assert.Equal((long)fake.Counters.Total, ledger);
        Assert.Equal(0, fake.Counters.RateLimited);
        Assert.Contains(jobs, j => j.Job == AirtableReadBackJob.Name);
        Assert.Contains(jobs, j => j.Job == AirtableSyncJob.Name);
    }

    private Task<long> LedgerAsync() => _database.ScalarAsync<long>("SELECT coalesce(sum(calls), 0)::bigint FROM ops.airtable_call");

    private static int Fires(string cron, TimeZoneInfo zone)
    {
        var expression = new CronExpression(cron, zone);
        var count = 0;
        for (var next = expression.GetNextValidTimeAfter(MonthStart.AddSeconds(-1)); next is not null && next < MonthEnd; next = expression.GetNextValidTimeAfter(next.Value))
        {
            count++;
        }
        return count;
    }
}
