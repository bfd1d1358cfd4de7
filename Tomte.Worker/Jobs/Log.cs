using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Jobs;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Pruned {DeletedCount} job runs older than {RetentionDays} days")]
    public static partial void PrunedJobHistory(this ILogger logger, int deletedCount, int retentionDays);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Job {Job} failed ({FailuresInARow} in a row); it runs again on its next trigger at {NextFire:o}")]
    public static partial void JobFailed(this ILogger logger, string job, int failuresInARow, DateTimeOffset? nextFire, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Job {Job} scheduled: next run {NextFire:o} ({Schedule})")]
    public static partial void JobScheduled(this ILogger logger, string job, DateTimeOffset? nextFire, string schedule);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Job {Job} succeeded; {NextJob} triggered after it")]
    public static partial void JobChained(this ILogger logger, string job, string nextJob);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Stopping: job {Job} interrupted; it runs again at the next start")]
    public static partial void JobInterruptRequested(this ILogger logger, string job);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Job {Job} was interrupted by the shutdown and recorded as interrupted")]
    public static partial void JobInterrupted(this ILogger logger, string job);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Scheduler {Instance} started with {JobCount} jobs")]
    public static partial void SchedulerStarted(this ILogger logger, string instance, int jobCount);
}
