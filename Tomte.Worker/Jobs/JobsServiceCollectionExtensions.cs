using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using Tomte.Worker.Airtable;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis;
using Tomte.Worker.Doctor;
using Tomte.Worker.Hosting;
using Tomte.Worker.Ingest;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Jobs;

/// <summary>What a cron trigger does when its time passed while no node could run it (service down, all busy).</summary>
public enum MissedRun
{
    /// <summary>Run once as soon as possible, however many runs were missed (the nightly jobs: a day's work must happen).</summary>
    RunOnce,

    /// <summary>Wait for the next regular time (the frequent Airtable jobs: the next one is minutes away and catching up only spends calls).</summary>
    Skip,
}

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The nightly pipeline: when the job on the left succeeds, the job on the right is triggered (<see cref="JobChain"/>).
    /// Ingest 02:00 → analysis and scoring → owners for new qualified sites.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Pipeline = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [IngestJob.Name] = AnalysisJob.Name,
        [AnalysisJob.Name] = OwnersJob.Name,
    };

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
        // Without a token there is nothing to sync on schedule; the jobs stay registered for a manual trigger.
        if (!string.IsNullOrWhiteSpace(configuration[$"{AirtableOptions.Section}:Token"]))
        {
            jobs.Schedules.TryAdd(AirtableSyncJob.Name, AirtableSyncJob.DefaultSchedule);
            jobs.Schedules.TryAdd(AirtableReadBackJob.Name, AirtableReadBackJob.DefaultSchedule);
        }
        else
        {
            jobs.Schedules.Remove(AirtableSyncJob.Name);
            jobs.Schedules.Remove(AirtableReadBackJob.Name);
        }

        // SIGTERM: running jobs get this long to finish their batch (JobLifecycle), inside systemd's TimeoutStopSec.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = jobs.ShutdownTimeout);
        services.AddSingleton(new ScheduledTriggers(jobs.Schedules.Keys
            .SelectMany(job => jobs.CronsOf(job).Select((_, i) => TriggerName(job, i))).ToHashSet(StringComparer.Ordinal)));
        services.AddHostedService<MigrateOnStartService>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton(sp => new JobChain(Pipeline, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobChain>>()));
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
            q.AddJobListener(sp => sp.GetRequiredService<JobChain>());
            AddScheduled<PruneJobHistoryJob>(q, PruneJobHistoryJob.Name, jobs, timeZone);
            AddScheduled<IngestJob>(q, IngestJob.Name, jobs, timeZone);
            AddScheduled<AnalysisJob>(q, AnalysisJob.Name, jobs, timeZone);
            AddScheduled<OwnersJob>(q, OwnersJob.Name, jobs, timeZone);
            AddScheduled<AirtableSyncJob>(q, AirtableSyncJob.Name, jobs, timeZone, MissedRun.Skip);
            AddScheduled<AirtableReadBackJob>(q, AirtableReadBackJob.Name, jobs, timeZone, MissedRun.Skip);
            AddScheduled<Owners.Privacy.RetentionJob>(q, Owners.Privacy.RetentionJob.Name, jobs, timeZone);
            AddScheduled<Outreach.OutreachJob>(q, Outreach.OutreachJob.Name, jobs, timeZone, MissedRun.Skip);
            AddScheduled<Status.SystemstatusJob>(q, Status.SystemstatusJob.Name, jobs, timeZone, MissedRun.Skip);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<JobLifecycle>();
        return services;
    }

    /// <summary>What every host has (doctor's check on failing jobs), whether or not it runs the scheduler.</summary>
    public static IServiceCollection AddTomteJobHealth(this IServiceCollection services)
    {
        services.AddDoctorCheck<JobFailureCheck>();
        return services;
    }

    private static string TriggerName(string job, int index) => index == 0 ? job + "-cron" : $"{job}-cron-{index + 1}";

    /// <summary>
    /// Registers a job (durable, never two runs at once across the cluster, recovered when a node dies mid-run) and a
    /// cron trigger per configured cron in the configured time zone. A job with no cron runs only when chained or triggered.
    /// </summary>
    private static void AddScheduled<TJob>(IQuartzBuilder q, string name, JobsOptions jobs, TimeZoneInfo timeZone, MissedRun missed = MissedRun.RunOnce)
        where TJob : IJob
    {
        var key = new JobKey(name);
        q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().DisallowConcurrentExecution().RequestRecovery());
        var crons = jobs.CronsOf(name);
        for (var i = 0; i < crons.Count; i++)
        {
            if (!CronExpression.TryParse(crons[i], out _))
            {
                continue;   // JobsOptionsValidator names it at start
            }
            var cron = crons[i];
            var trigger = TriggerName(name, i);
            q.AddTrigger(t => t.ForJob(key).WithIdentity(trigger)
                .WithCronSchedule(cron, c =>
                {
                    c.InTimeZone(timeZone);
                    if (missed == MissedRun.Skip)
                    {
                        c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing);
                    }
                    else
                    {
                        c.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);
                    }
                }));
        }
    }
}
