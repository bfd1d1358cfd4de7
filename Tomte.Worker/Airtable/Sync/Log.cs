using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Airtable.Sync;

internal static partial class Log
{
    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Airtable {Table}: {Changed} of {Total} records changed, {Sent} sent in {Batches} batches")]
    public static partial void TableSynced(this ILogger logger, string table, int changed, int total, int sent, int batches);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Airtable {Table} record {RecordKey} ({RecordId}) was deleted by the team; it is marked discarded and not recreated")]
    public static partial void RecordDiscarded(this ILogger logger, string table, string recordKey, string recordId);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "Airtable {Table}: map uploaded for {RecordKey} ({Bytes} bytes)")]
    public static partial void MapUploaded(this ILogger logger, string table, string recordKey, int bytes);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "Airtable {Table}: map for {RecordKey} is {Bytes} bytes, over the {Limit}-byte upload limit; not uploaded")]
    public static partial void MapTooLarge(this ILogger logger, string table, string recordKey, int bytes, int limit);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Information, Message = "Airtable {Table}: read back {Records} changed records, {Values} new team values, watermark {Watermark:o}")]
    public static partial void ReadBack(this ILogger logger, string table, int records, int values, DateTimeOffset? watermark);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Warning, Message = "Airtable {Table}: link from {RecordKey} to {Target} key {TargetKey} has no Airtable record yet; left out")]
    public static partial void LinkTargetMissing(this ILogger logger, string table, string recordKey, string target, string targetKey);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Warning, Message = "Airtable {Table}: record {RecordId} read back without a key; ignored")]
    public static partial void RecordWithoutKey(this ILogger logger, string table, string recordId);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Information, Message = "Airtable setup: created table {Table}")]
    public static partial void TableCreated(this ILogger logger, string table);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Information, Message = "Airtable setup: created field {Table}.{Field} ({Type})")]
    public static partial void FieldCreated(this ILogger logger, string table, string field, string type);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Airtable setup drift in {Table}.{Field}: {Drift}")]
    public static partial void Drift(this ILogger logger, string table, string field, string drift);

    [LoggerMessage(EventId = 4520, Level = LogLevel.Information, Message = "Airtable sync job finished: {Sent} records sent, {Read} read back")]
    public static partial void SyncJobFinished(this ILogger logger, int sent, int read);

    [LoggerMessage(EventId = 4521, Level = LogLevel.Information, Message = "Airtable read-back job finished: {Records} changed records, {Changes} new team values")]
    public static partial void ReadBackJobFinished(this ILogger logger, int records, int changes);

    [LoggerMessage(EventId = 4522, Level = LogLevel.Information, Message = "Airtable call budget: {Used} of {Budget} calls used this month ({State}); {Job} skipped, last ran {LastRun:o}")]
    public static partial void BudgetSkipped(this ILogger logger, long used, int budget, AirtableBudgetState state, string job, DateTimeOffset? lastRun);
}
