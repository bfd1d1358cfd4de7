using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>Map log events, ids 5400-5449 (inside the analysis range).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "Rendered {RenderedCount} site maps whose inputs changed; {UnchangedCount} unchanged; {DurationMs} ms")]
    public static partial void MapsRendered(this ILogger logger, int renderedCount, int unchangedCount, long durationMs);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Debug, Message = "Rendered the map of {TomteId}: {FeatureCount} features, {Bytes} bytes")]
    public static partial void MapRendered(this ILogger logger, string tomteId, int featureCount, int bytes);
}
