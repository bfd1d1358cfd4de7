using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>Scoring log events, ids 5300-5349 (inside the analysis range).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Scored {ScoredCount} sites whose inputs changed; {UnchangedCount} unchanged; {DurationMs} ms")]
    public static partial void Scored(this ILogger logger, int scoredCount, int unchangedCount, long durationMs);
}
