using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Ingest.Ssb;

internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "SSB {Method} {Source}: HTTP {StatusCode}, {Length} characters")]
    public static partial void SsbAnswered(this ILogger logger, string method, string source, int statusCode, int length);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "SSB {Source} answered HTTP {StatusCode}; retry {Attempt} after {Wait}")]
    public static partial void SsbRetrying(this ILogger logger, string source, int statusCode, TimeSpan wait, int attempt);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "SSB table {Table} unchanged since {Updated}; {Chunks} cached answers used")]
    public static partial void SsbTableCached(this ILogger logger, string table, DateTimeOffset? updated, int chunks);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "SSB table {Table} fetched in {Chunks} requests ({Cells} cells), updated {Updated}")]
    public static partial void SsbTableFetched(this ILogger logger, string table, int chunks, long cells, DateTimeOffset? updated);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "SSB projection table {Table} chosen from {Candidates} search hits for '{Query}'")]
    public static partial void SsbProjectionChosen(this ILogger logger, string table, int candidates, string query);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Sentralitet not available from Klass ({Reason}); left empty")]
    public static partial void SsbSentralitetUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "SSB indicators written for {Count} kommuner")]
    public static partial void SsbIndicatorsWritten(this ILogger logger, int count);
}
