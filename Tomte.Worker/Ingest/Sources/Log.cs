using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Ingest.Sources;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Requesting page {Page} of {Source}")]
    public static partial void RequestingPage(this ILogger logger, int page, string source);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Page {Page} of {Source} held {FeatureCount} features")]
    public static partial void PageRead(this ILogger logger, int page, string source, int featureCount);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "{Source} filters kommune {Kommunenummer} by {Filter}")]
    public static partial void KommuneFilter(this ILogger logger, string source, string kommunenummer, string filter);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Read {FeatureCount} features from {Source} in {PageCount} pages")]
    public static partial void SourceRead(this ILogger logger, string source, long featureCount, int pageCount);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Queryables of {Source} could not be read (HTTP {StatusCode}); filtering by bbox")]
    public static partial void QueryablesUnavailable(this ILogger logger, string source, int statusCode);
}
