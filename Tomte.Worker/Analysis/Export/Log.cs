using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Analysis.Export;

/// <summary>Export log events, ids 5500-5599.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Exporting {Format} to {Path} ({KommuneCount} kommuner; 0 means all)")]
    public static partial void ExportStarting(this ILogger logger, string format, string path, int kommuneCount);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Export layer {Layer} written: {RowCount} features in {DurationMs} ms")]
    public static partial void LayerWritten(this ILogger logger, string layer, long rowCount, long durationMs);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Information, Message = "Export to {Path} finished: {LayerCount} layers, {RowCount} features in {DurationMs} ms")]
    public static partial void ExportFinished(this ILogger logger, string path, int layerCount, long rowCount, long durationMs);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Error, Message = "Export to {Path} failed; nothing was written there")]
    public static partial void ExportFailed(this ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Warning, Message = "Export to {Path} failed; nothing was written there: {Reason}")]
    public static partial void ExportRefused(this ILogger logger, string path, string reason);
}
