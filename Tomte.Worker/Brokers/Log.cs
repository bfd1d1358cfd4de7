using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Brokers;

/// <summary>Brokers' tips log events, ids 10000-10999. Ids and counts only: never an address, a name or a broker's contact.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 10000, Level = LogLevel.Information, Message = "Tip {InnspillId} assessed in {DurationMs} ms: kommune {Kommunenummer}, {MatchingSites} matching sites")]
    public static partial void TipAssessed(this ILogger logger, string innspillId, long durationMs, string kommunenummer, int matchingSites);

    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "Tip {InnspillId} refused: {Reason}")]
    public static partial void TipRefused(this ILogger logger, string innspillId, TipProblem reason);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Information, Message = "Tips read back: {NewIds} new Innspill-IDs, {NewBrokerIds} new Megler-IDs, {Assessed} assessed, {Refused} refused, {Unchanged} unchanged, {Written} records written")]
    public static partial void TipsSynced(this ILogger logger, int newIds, int newBrokerIds, int assessed, int refused, int unchanged, int written);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Debug, Message = "Address API: HTTP {StatusCode} in {DurationMs} ms, {Hits} hits")]
    public static partial void AddressLookedUp(this ILogger logger, int statusCode, long durationMs, int hits);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Warning, Message = "Tip {InnspillId}: its map of {Bytes} bytes is above Tomte:Airtable:Sync:MaxAttachmentBytes and is not uploaded")]
    public static partial void TipMapTooLarge(this ILogger logger, string innspillId, int bytes);
}
