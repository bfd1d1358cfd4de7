using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Owners;

/// <summary>Owner log events, ids 6000-6999. Counts and ids only: never a name, address or other personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Parcels overlaid on {SiteCount} sites: {ParcelCount} matrikkelenheter, {LinkCount} site links, {SliverCount} slivers ignored, {DurationMs} ms")]
    public static partial void ParcelsOverlaid(this ILogger logger, int siteCount, int parcelCount, int linkCount, int sliverCount, long durationMs);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Owner file {FileName} imported: {RowCount} rows, {OwnerCount} owners ({NewOwnerCount} new), {ParcelCount} parcels, {SuppressedCount} rows of forgotten owners left out")]
    public static partial void OwnersImported(this ILogger logger, string fileName, int rowCount, int ownerCount, int newOwnerCount, int parcelCount, int suppressedCount);
}
