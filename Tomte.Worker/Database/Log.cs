using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Database;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applying migration {Script}")]
    public static partial void ApplyingMigration(this ILogger logger, string script);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Database schema is up to date ({AppliedCount} migrations applied now, {TotalCount} in all)")]
    public static partial void SchemaUpToDate(this ILogger logger, int appliedCount, int totalCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Migration {Script} failed")]
    public static partial void MigrationFailed(this ILogger logger, string script, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Waiting for the migration lock")]
    public static partial void WaitingForMigrationLock(this ILogger logger);
}
