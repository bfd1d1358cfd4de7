using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Ingest;
using Tomte.Worker.Jobs;
using Tomte.Worker.Status;

namespace Tomte.Tests.Foundation;

public sealed class ServiceTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_service_migrates_joins_the_cluster_and_records_each_job_run()
    {
        using var host = TestHost.Build(_database, isService: true);
        await host.StartAsync();
        try
        {
            Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM public.schema_migrations") > 0);
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'tomte'") == 1,
                "the scheduler checks in to the clustered job store");
            Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = '{PruneJobHistoryJob.Name}-cron' AND time_zone_id = 'Europe/Oslo'"));

            await using (var old = _database.DataSource.CreateCommand(
                "INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, started_at, finished_at, outcome) VALUES ('x', 'old', 'test', now() - interval '400 days', now() - interval '400 days', 'succeeded')"))
            {
                await old.ExecuteNonQueryAsync();
            }

            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(new JobKey(PruneJobHistoryJob.Name));

            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{PruneJobHistoryJob.Name}' AND outcome = 'succeeded'") == 1,
                "the triggered job is recorded as succeeded");
            Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM ops.job_run WHERE fire_instance_id = 'old'"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Only_the_service_has_a_scheduler_and_it_holds_every_job()
    {
        var airtable = new Dictionary<string, string?> { ["Tomte:Airtable:Token"] = "patX.y", ["Tomte:Airtable:BaseId"] = "appAbCdEfGhIjKlMn" };
        // A person's one-shot verb (import, sync, demo ...) must never start Quartz or join the cluster.
        using (var verb = TestHost.Build(_database, airtable))
        {
            Assert.Null(verb.Services.GetService<ISchedulerFactory>());
            Assert.DoesNotContain(verb.Services.GetServices<IHostedService>(), s => s.GetType().Namespace?.StartsWith("Quartz", StringComparison.Ordinal) == true);
        }

        using var service = TestHost.Build(_database, airtable, isService: true);
        await service.StartAsync();
        try
        {
            var scheduler = await service.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var jobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup());
            Assert.Equal(
                [AirtableReadBackJob.Name, AirtableSyncJob.Name, "analysis", IngestJob.Name, Worker.Outreach.OutreachJob.Name, Worker.Owners.Privacy.RetentionJob.Name, "owners", PruneJobHistoryJob.Name, SystemstatusJob.Name],
                jobs.Select(j => j.Name).Order(StringComparer.Ordinal));
            // analysis and owners have no cron (chained after ingest); the read-back has three (working hours, evenings, weekends).
            var triggers = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup());
            Assert.Equal(
                [$"{AirtableReadBackJob.Name}-cron", $"{AirtableReadBackJob.Name}-cron-2", $"{AirtableReadBackJob.Name}-cron-3", $"{AirtableSyncJob.Name}-cron", $"{IngestJob.Name}-cron",
                 $"{Worker.Outreach.OutreachJob.Name}-cron", $"{Worker.Owners.Privacy.RetentionJob.Name}-cron", $"{PruneJobHistoryJob.Name}-cron", $"{SystemstatusJob.Name}-cron"],
                triggers.Select(t => t.Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            await service.StopAsync();
        }
    }
}
