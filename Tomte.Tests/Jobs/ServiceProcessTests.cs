using System.Net.Sockets;
using System.Text;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Jobs;

/// <summary><c>tomte run</c> as real processes: the cluster under short crons, and SIGTERM under a systemd stand-in.</summary>
public sealed class ServiceProcessTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Two_services_on_one_database_fire_short_crons_and_never_run_one_job_twice_at_once()
    {
        await SyncTestData.InsertAsync(_database, tomter: 5, eiendommer: 5, grunneiere: 3);
        // Each request takes 300 ms to arrive, so a read-back (8 requests: one per table, two for the brokers' ids) outlasts its 2 s cron.
        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions { RequestLatency = TimeSpan.FromMilliseconds(300) });
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        using (var host = TestHost.Build(_database, settings))
        {
            await TestHost.Get<AirtableSetup>(host).RunAsync(CancellationToken.None);
        }
        settings["Tomte:Jobs:Schedules:airtable-readback"] = "0/2 * * * * ?";
        settings["Tomte:Jobs:Schedules:airtable-sync"] = "1/3 * * * * ?";
        settings["Tomte:Jobs:Schedules:prune-job-history"] = "0/1 * * * * ?";
        settings["Tomte:Jobs:Schedules:ingest"] = "";
        var environment = ChildEnvironment.From(_database, settings);

        await using var first = TomteService.Start(environment);
        await using var second = TomteService.Start(environment);
        // The read-back and the sync share one lock, so under load the syncs may come late: wait for both counts.
        await Eventually.TrueAsync(
            async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{AirtableReadBackJob.Name}' AND outcome = 'succeeded'") >= 6
                        && await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{AirtableSyncJob.Name}' AND outcome = 'succeeded'") >= 2,
            "six read-backs and two syncs ran", TimeSpan.FromSeconds(150));
        // Both processes are in the cluster (checked in to the job store) while the jobs fire.
        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'tomte'"));
        await first.SignalAsync("TERM");
        await second.SignalAsync("TERM");
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)), first.Output);
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)), second.Output);

        // No job ever had two runs overlapping in time, whichever process ran them.
        Assert.Equal(0, await _database.ScalarAsync<long>("""
            SELECT count(*) FROM ops.job_run a JOIN ops.job_run b
              ON a.job_name = b.job_name AND a.job_run_id < b.job_run_id
             AND b.started_at < a.finished_at AND a.started_at < b.finished_at
            """));
        Assert.True(await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{AirtableSyncJob.Name}' AND outcome = 'succeeded'") >= 2);
        // The start-up log lists every job with its next run.
        foreach (var job in new[] { "ingest", "analysis", "owners", AirtableSyncJob.Name, AirtableReadBackJob.Name, "prune-job-history" })
        {
            Assert.Contains($"Job {job} scheduled: next run", first.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sigterm_during_a_long_sync_notifies_systemd_ends_within_the_timeout_and_the_next_start_finishes_the_work()
    {
        await SyncTestData.InsertAsync(_database, tomter: 300, eiendommer: 10, grunneiere: 5);
        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions { RequestLatency = TimeSpan.FromMilliseconds(400) });
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        using (var host = TestHost.Build(_database, settings))
        {
            await TestHost.Get<AirtableSetup>(host).RunAsync(CancellationToken.None);
        }
        settings["Tomte:Jobs:Schedules:airtable-sync"] = "0/5 * * * * ?";
        settings["Tomte:Jobs:Schedules:airtable-readback"] = "";
        settings["Tomte:Jobs:Schedules:ingest"] = "";
        settings["Tomte:Jobs:ShutdownTimeout"] = "00:00:30";
        var folder = Directory.CreateTempSubdirectory("tomte-systemd-").FullName;
        var socketPath = Path.Combine(folder, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var environment = ChildEnvironment.From(_database, settings);
        environment["NOTIFY_SOCKET"] = socketPath;

        await using (var service = await TomteService.StartUnderSystemdAsync(environment, folder))
        {
            Assert.Equal("READY=1", await ReceiveAsync(socket, TimeSpan.FromSeconds(60)));
            try
            {
                await Eventually.TrueAsync(
                    async () => service.HasExited || await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE table_name = 'Tomter'") >= 40,
                    "the sync is well into the Tomter", TimeSpan.FromSeconds(180));
            }
            catch (Xunit.Sdk.FailException ex)
            {
                Assert.Fail(ex.Message + "\n" + service.Output);
            }
            Assert.False(service.HasExited, service.Output);

            var stopping = DateTime.UtcNow;
            await service.SignalAsync("TERM");
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket, TimeSpan.FromSeconds(10)));
            Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(40)), service.Output);
            Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(35), $"stopped after {DateTime.UtcNow - stopping}");
            Assert.Equal(0, service.ExitCode);
            Assert.Contains("Stopping: job airtable-sync interrupted", service.Output, StringComparison.Ordinal);
        }
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'airtable-sync' AND outcome = 'interrupted'"));
        Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE table_name = 'Tomter'") < 300);
        // Every batch Airtable accepted is in the crosswalk: the records there are exactly the mapped ones.
        Assert.Equal(fakeBase.Table("Tomter").Count, await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE table_name = 'Tomter'"));

        // The next start (no cron now) runs the interrupted sync again from its resume trigger and finishes it.
        settings["Tomte:Jobs:Schedules:airtable-sync"] = "";
        await using (var again = TomteService.Start(ChildEnvironment.From(_database, settings)))
        {
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE job_name = 'airtable-sync' AND outcome = 'succeeded'") == 1,
                "the resumed sync succeeds", TimeSpan.FromSeconds(120));
            await again.SignalAsync("TERM");
            await again.WaitForExitAsync(TimeSpan.FromSeconds(40));
        }
        Assert.Equal(300, fakeBase.Table("Tomter").Count);
        Assert.Equal(300, fakeBase.Table("Tomter").Records.Select(r => r.Text("Tomte-ID")).Distinct().Count());
        Assert.Equal(0, fake.Counters.RateLimited);
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[256];
        using var cancel = new CancellationTokenSource(timeout);
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).Trim();
    }
}
