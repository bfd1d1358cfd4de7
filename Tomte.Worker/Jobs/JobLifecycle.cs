using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Tomte.Worker.Jobs;

/// <summary>
/// Registered after Quartz's hosted service, so it starts after the scheduler and stops before it. At start it logs
/// every job with its next run. At stop (SIGTERM from systemd) it puts the scheduler in standby, gives each running job
/// a one-shot trigger so it runs again at the next start (or on another node at once), and interrupts it: the job
/// finishes the batch it has sent and stops. Quartz then waits for the jobs, within the host's ShutdownTimeout, which is
/// set below systemd's TimeoutStopSec.
/// </summary>
public sealed class JobLifecycle(ISchedulerFactory schedulers, ScheduledTriggers configured, ILogger<JobLifecycle> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken);
        foreach (var key in keys.OrderBy(k => k.Name, StringComparer.Ordinal))
        {
            // The store keeps triggers across restarts: a cron taken out of the configuration must go from the store too.
            foreach (var stale in (await scheduler.GetTriggersOfJob(key, cancellationToken))
                .Where(t => t.Key.Name.StartsWith(key.Name + "-cron", StringComparison.Ordinal) && !configured.Names.Contains(t.Key.Name)))
            {
                await scheduler.UnscheduleJob(stale.Key, cancellationToken);
            }
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var schedule = triggers.Count == 0
                ? "no schedule of its own: chained or triggered by hand"
                : string.Join(" | ", triggers.Select(t => t is ICronTrigger cron ? $"cron {cron.CronExpressionString} {cron.TimeZone.Id}" : "once"));
            logger.JobScheduled(key.Name, next, schedule);
        }
        logger.SchedulerStarted(scheduler.SchedulerInstanceId, keys.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // No new run may start on this node while the running ones wind down.
        await scheduler.Standby(cancellationToken);
        var here = new FireInstanceQuery { SchedulerInstanceId = scheduler.SchedulerInstanceId, State = FireInstanceState.Executing };
        foreach (var running in (await scheduler.QueryFireInstances(here, cancellationToken)).Items)
        {
            if (running.JobKey is not { } key)
            {
                continue;
            }
            await scheduler.ScheduleJob(
                TriggerBuilder.Create().ForJob(key).WithIdentity($"{key.Name}-resume-{running.FireInstanceId}", "resume")
                    .StartNow().WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build(),
                new ScheduleJobOptions(), cancellationToken);
            logger.JobInterruptRequested(key.Name);
            await scheduler.InterruptFireInstance(running.FireInstanceId, cancellationToken);
        }
    }
}

/// <summary>The cron triggers the configuration asks for (name-cron, name-cron-2, ...), so others left in the store can be removed.</summary>
public sealed record ScheduledTriggers(IReadOnlySet<string> Names);
