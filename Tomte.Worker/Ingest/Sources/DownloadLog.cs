using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Ingest.Sources;

internal static partial class Log
{
    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Downloaded {Source}: {ByteCount} bytes")]
    public static partial void Downloaded(this ILogger logger, string source, long byteCount);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "{Source} is unchanged since the last download; reading the kept copy")]
    public static partial void DownloadUnchanged(this ILogger logger, string source);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Reading {Entry} from the zip downloaded from {Source}")]
    public static partial void ReadingZipEntry(this ILogger logger, string entry, string source);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "{Source}: {Kept} of {Read} features kept by the configured attribute filter")]
    public static partial void WhereFiltered(this ILogger logger, string source, long kept, long read);
}
