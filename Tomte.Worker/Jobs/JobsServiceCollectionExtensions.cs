using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Hosting;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with a persistent, clustered job store in the Tomte database, so two workers never run
    /// the same job twice. Migrations run before the scheduler starts (hosted services start in order).
    /// Every scheduled job is registered here and only here, and only <c>tomte run</c> calls this: the
    /// one-shot verbs never start a scheduler. A new step adds its job with one <see cref="AddScheduled{TJob}"/> line.
    /// </summary>
    public static IServiceCollection AddTomteJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<JobsOptions, JobsOptionsValidator>(configuration, JobsOptions.Section);

        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var timeZone = jobs.ResolveTimeZoneOrUtc();
        // Without a token there is nothing to sync on schedule; the job stays registered for a manual trigger.
        if (!string.IsNullOrWhiteSpace(configuration[$"{AirtableOptions.Section}:Token"]))
        {
            jobs.Schedules.TryAdd(AirtableSyncJob.Name, AirtableSyncJob.DefaultSchedule);
        }
        else
        {
            jobs.Schedules.Remove(AirtableSyncJob.Name);
        }

        services.AddHostedService<MigrateOnStartService>();
        services.AddSingleton<JobRunRecorder>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = jobs.SchedulerName;
                s.GenerateInstanceId = true;
                s.DefaultTimeZone = timeZone;
            });
            q.UsePersistentStore(store =>
            {
                // The scheduler shares the process's one NpgsqlDataSource (and so its settings and pool).
                store.UsePostgres(o => o.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
                // Quartz owns its qrtz_* tables: it creates what is missing and validates the rest at start,
                // which follows its own schema versions more reliably than a copy of its DDL in our migrations.
                store.ProvisionSchema();
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(20));
            });
            q.AddJobListener(sp => sp.GetRequiredService<JobRunRecorder>());
            AddScheduled<PruneJobHistoryJob>(q, PruneJobHistoryJob.Name, jobs, timeZone);
            AddScheduled<IngestJob>(q, IngestJob.Name, jobs, timeZone);
            AddScheduled<AirtableSyncJob>(q, AirtableSyncJob.Name, jobs, timeZone);
            AddScheduled<Status.SystemstatusJob>(q, Status.SystemstatusJob.Name, jobs, timeZone);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Registers a job and, when it has a schedule, its cron trigger in the configured time zone.</summary>
    private static void AddScheduled<TJob>(IQuartzBuilder q, string name, JobsOptions jobs, TimeZoneInfo timeZone)
        where TJob : IJob
    {
        var key = new JobKey(name);
        q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().DisallowConcurrentExecution());
        if (jobs.Schedules.TryGetValue(name, out var cron) && !string.IsNullOrWhiteSpace(cron) && CronExpression.TryParse(cron, out _))
        {
            q.AddTrigger(t => t.ForJob(key).WithIdentity(name + "-cron")
                .WithCronSchedule(cron, c => c.InTimeZone(timeZone)));
        }
    }
}
