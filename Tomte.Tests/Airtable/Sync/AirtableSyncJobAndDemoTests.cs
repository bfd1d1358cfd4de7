using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Demo;

namespace Tomte.Tests.Airtable.Sync;

public sealed class AirtableSyncJobAndDemoTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_service_schedules_the_sync_every_5_minutes_and_a_run_fails_until_setup_then_succeeds()
    {
        await SyncTestData.InsertAsync(_database, tomter: 3, eiendommer: 3, grunneiere: 2);
        await using var fake = await FakeAirtable.StartAsync(AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        using var host = TestHost.Build(_database, fake.ClientSettings(fakeBase), isService: true);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<string>($"SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = '{AirtableSyncJob.Name}-cron'") == AirtableSyncJob.DefaultSchedule,
                "the sync job's cron trigger is stored");
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

            // No tables yet: Airtable refuses the writes, and the job fails instead of swallowing it.
            await scheduler.TriggerJob(new JobKey(AirtableSyncJob.Name));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{AirtableSyncJob.Name}' AND outcome = 'failed'") == 1,
                "the failed sync is recorded as failed");

            await host.Services.GetRequiredService<AirtableSetup>().RunAsync(CancellationToken.None);
            await scheduler.TriggerJob(new JobKey(AirtableSyncJob.Name));
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{AirtableSyncJob.Name}' AND outcome = 'succeeded'") == 1,
                "the sync after setup succeeds");
            Assert.Equal(3, fakeBase.Table("Tomter").Count);
            Assert.Equal(3, fakeBase.Table("Eiendommer").Count);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task The_demo_without_a_token_writes_one_csv_per_table_under_demo_airtable()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 2, grunneiere: 1);
        using var host = TestHost.Build(_database);

        var result = await TestHost.Get<DemoRunner>(host).RunAsync(TextWriter.Null, CancellationToken.None);

        var folder = Path.Combine(result.OutputDirectory, "airtable");
        Assert.Equal(["Aktiviteter.csv", "Eiendommer.csv", "Grunneiere.csv", "Kommuner.csv", "Tomter.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        // Records end in CRLF; the line breaks inside a quoted score explanation are LF.
        // The demo's analysis adds the sample data's sites to the two inserted here; every site scored at least
        // Tomte:Airtable:Sync:MinScore (60) is in the file.
        var tomter = await File.ReadAllTextAsync(Path.Combine(folder, "Tomter.csv"));
        var sites = await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE score >= 60");
        Assert.True(sites > 2, $"the demo's analysis found no sites ({sites})");
        Assert.Equal(sites, tomter.Split("\r\n32").Length - 1);
        Assert.Contains("\r\n3218-0001,", tomter, StringComparison.Ordinal);
        Assert.Contains(result.Summary, line => line.StartsWith("Airtable ikke konfigurert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_with_a_token_syncs_instead()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 2, grunneiere: 1);
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        var result = await bed.Get<DemoRunner>().RunAsync(TextWriter.Null, CancellationToken.None);

        var sites = await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE score >= 60");
        Assert.True(sites > 2, $"the demo's analysis found no sites ({sites})");
        Assert.Contains(result.Summary, line => line.StartsWith("Airtable synkronisert: ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(result.OutputDirectory, "airtable")));
        Assert.Equal(sites, bed.Table(TomteSchema.Tomter).Count);
    }
}
