using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Ingest;

/// <summary>Log messages of the dataset loader, import and ingest verbs (event ids 3500-3999).</summary>
internal static partial class LoadLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Loading {Dataset} from {Source} for kommune {Kommunenummer}")]
    public static partial void LoadStarting(this ILogger logger, string dataset, string source, string kommunenummer);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Loading {Dataset}: {FeaturesRead} features read ({FeaturesPerSecond:F0} features/s)")]
    public static partial void LoadProgress(this ILogger logger, string dataset, long featuresRead, double featuresPerSecond);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Loaded {Dataset} for kommune {Kommunenummer}: {Outcome}, {FeatureCount} features, {RepairedCount} repaired, {DroppedCount} dropped, in {DurationMs} ms")]
    public static partial void LoadFinished(this ILogger logger, string dataset, string kommunenummer, string outcome, int featureCount, int repairedCount, int droppedCount, long durationMs);

    // The exception also goes to the caller (the verb prints its message, the job records it); the log keeps its stack trace.
    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Loading {Dataset} from {Source} failed; the previous data is unchanged")]
    public static partial void LoadFailed(this ILogger logger, string dataset, string source, Exception exception);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Debug, Message = "Loading {Dataset}: phase {Phase} done after {ElapsedMs} ms")]
    public static partial void LoadPhase(this ILogger logger, string dataset, string phase, long elapsedMs);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Error, Message = "Loading {Dataset} failed and the failure could not be recorded in ingest.load")]
    public static partial void LoadFailureNotRecorded(this ILogger logger, string dataset, Exception exception);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Error, Message = "Ingest of {Dataset} for kommune {Kommunenummer} failed; the other loads go on")]
    public static partial void IngestLoadFailed(this ILogger logger, string dataset, string kommunenummer, Exception exception);

    // Event ids 3800-3899: loads of many kommuner (a national file).
    [LoggerMessage(EventId = 3800, Level = LogLevel.Warning, Message = "Loading {Dataset}: kommune {Kommunenummer} refused; its previous rows are kept and the other kommuner of the source load")]
    public static partial void KommuneRefused(this ILogger logger, string dataset, string kommunenummer, Exception exception);
}
