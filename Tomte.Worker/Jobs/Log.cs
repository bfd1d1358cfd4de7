using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Jobs;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Pruned {DeletedCount} job runs older than {RetentionDays} days")]
    public static partial void PrunedJobHistory(this ILogger logger, int deletedCount, int retentionDays);
}
