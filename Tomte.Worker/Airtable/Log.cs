using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Airtable;

// Table names, counts and record ids only: field values may hold personal data and are never logged.
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Airtable answered 429 for {Method} {Table} in base {BaseId}; waiting {PenaltySeconds} s before retry {Attempt}")]
    public static partial void RateLimited(this ILogger logger, string method, string table, string baseId, double penaltySeconds, int attempt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Airtable {Method} {Table} failed transiently ({Reason}); retry {Attempt} in {DelayMilliseconds} ms")]
    public static partial void RetryingTransient(this ILogger logger, string method, string table, string reason, int attempt, double delayMilliseconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Airtable {Operation} on {Table} failed: {Status} {ErrorType}")]
    public static partial void RequestFailed(this ILogger logger, string operation, string table, int status, string errorType);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Listed {Count} records from {Table} in {Pages} pages")]
    public static partial void Listed(this ILogger logger, string table, int count, int pages);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Airtable {Operation} on {Table}: {Count} records in {Requests} requests")]
    public static partial void Wrote(this ILogger logger, string operation, string table, int count, int requests);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Uploaded an attachment of {Bytes} bytes to record {RecordId}")]
    public static partial void UploadedAttachment(this ILogger logger, string recordId, int bytes);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Created Airtable table {Table} with {FieldCount} fields")]
    public static partial void CreatedTable(this ILogger logger, string table, int fieldCount);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Created Airtable field {Field} ({FieldType}) in {Table}")]
    public static partial void CreatedField(this ILogger logger, string table, string field, string fieldType);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "The shared Airtable request budget is not in the database yet (run tomte migrate); this process limits only its own requests")]
    public static partial void SharedLimiterUnavailable(this ILogger logger, Exception exception);
}
