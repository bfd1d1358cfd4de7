using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>Log messages of the checks a load runs before its swap (event ids 3520-3529).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3520, Level = LogLevel.Warning, Message = "Loading {Dataset}: no border loaded for {KommuneCount} kommuner (first {Kommunenummer}); their location is not checked")]
    public static partial void LocationUnchecked(this ILogger logger, string dataset, int kommuneCount, string kommunenummer);

    [LoggerMessage(EventId = 3521, Level = LogLevel.Information, Message = "Loading {Dataset}: {Outside} features of kommune {Kommunenummer} lie in another kommune and are left out")]
    public static partial void FeaturesOutside(this ILogger logger, string dataset, string kommunenummer, int outside);

    [LoggerMessage(EventId = 3522, Level = LogLevel.Information, Message = "Loading {Dataset}: {Count} features carried the pre-2024 kommunenummer {OldKommunenummer}, loaded as {Kommunenummer}")]
    public static partial void KommuneRenumbered(this ILogger logger, string dataset, string oldKommunenummer, string kommunenummer, int count);

    [LoggerMessage(EventId = 3523, Level = LogLevel.Information, Message = "Loading {Dataset}: {Merged} parts merged into features with the same source id in kommune {Kommunenummer}")]
    public static partial void PartsMerged(this ILogger logger, string dataset, string kommunenummer, int merged);
}
