using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Analysis;

/// <summary>Analysis log events, ids 5000-5499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Analysis run {RunId} started: {KommuneCount} kommuner to analyse, {SkippedCount} unchanged")]
    public static partial void RunStarted(this ILogger logger, long runId, int kommuneCount, int skippedCount);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Analysis run {RunId} finished: {AnalysedCount} kommuner analysed, {FailedCount} failed, {DurationMs} ms")]
    public static partial void RunFinished(this ILogger logger, long runId, int analysedCount, int failedCount, long durationMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "No analysis input changed since the last run for {KommuneCount} kommuner; no geometry work done")]
    public static partial void NothingChanged(this ILogger logger, int kommuneCount);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information,
        Message = "Kommune {Kommunenummer} analysed: {SiteCount} sites ({NewCount} new, {ChangedCount} changed, {UnchangedCount} unchanged, {RegulatedCount} regulated, {GoneCount} gone), {DurationMs} ms")]
    public static partial void KommuneAnalysed(this ILogger logger, string kommunenummer, int siteCount, int newCount, int changedCount, int unchangedCount, int regulatedCount, int goneCount, long durationMs);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "Kommune {Kommunenummer} inputs unchanged (fingerprint {Fingerprint}); skipped")]
    public static partial void KommuneUnchanged(this ILogger logger, string kommunenummer, string fingerprint);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Error, Message = "Kommune {Kommunenummer} analysis failed; its previous result is kept")]
    public static partial void KommuneFailed(this ILogger logger, string kommunenummer, Exception exception);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Analysis job finished: {Analysed} kommuner analysed, {Unchanged} unchanged, {Scored} sites scored, {Drawn} maps drawn")]
    public static partial void AnalysisJobFinished(this ILogger logger, int analysed, int unchanged, int scored, int drawn);
}
