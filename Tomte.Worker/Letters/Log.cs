using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Letters;

/// <summary>Letter log events, ids 8000-8999. Owner ids and counts only: never a name, address or e-mail address.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Letter templates loaded: {TemplateCount} templates, {OverrideCount} from the override folder {Folder}")]
    public static partial void TemplatesLoaded(this ILogger logger, int templateCount, int overrideCount, string folder);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Owner {EierId}: Ansvarlig names nobody among the {TeamCount} members of Tomte:Letters:Team; the default contact person signs")]
    public static partial void ResponsibleUnknown(this ILogger logger, string eierId, int teamCount);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Debug, Message = "Owner {EierId} step {Step}: e-mail composed, Message-Id {MessageId}")]
    public static partial void EmailComposed(this ILogger logger, string eierId, string step, string messageId);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Information, Message = "Rendered {LetterCount} letter PDFs ({PageCount} pages, {Bytes} bytes) in {DurationMs} ms with {Parallelism} WeasyPrint processes")]
    public static partial void PdfsRendered(this ILogger logger, int letterCount, int pageCount, long bytes, long durationMs, int parallelism);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Error, Message = "WeasyPrint refused the letter of owner {EierId} step {Step}: {Reason}")]
    public static partial void PdfFailed(this ILogger logger, string eierId, string step, string reason);

    [LoggerMessage(EventId = 8030, Level = LogLevel.Information, Message = "Print batch {BatchName}: {LetterCount} letters, {PageCount} pages written to {Folder}")]
    public static partial void PrintBatchWritten(this ILogger logger, string batchName, int letterCount, int pageCount, string folder);
}
