using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Owners;

/// <summary>Owner log events, ids 6000-6999. Counts and ids only: never a name, address or other personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Parcels overlaid on {SiteCount} sites: {ParcelCount} matrikkelenheter, {LinkCount} site links, {SliverCount} slivers ignored, {DurationMs} ms")]
    public static partial void ParcelsOverlaid(this ILogger logger, int siteCount, int parcelCount, int linkCount, int sliverCount, long durationMs);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Owner file {FileName} imported: {RowCount} rows, {OwnerCount} owners ({NewOwnerCount} new), {ParcelCount} parcels, {SuppressedCount} rows of forgotten owners left out")]
    public static partial void OwnersImported(this ILogger logger, string fileName, int rowCount, int ownerCount, int newOwnerCount, int parcelCount, int suppressedCount);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Matrikkel {Operation}: HTTP {StatusCode} in {DurationMs} ms")]
    public static partial void MatrikkelCalled(this ILogger logger, string operation, int statusCode, long durationMs);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Matrikkel lookup: {ParcelCount} parcels asked, {FoundCount} found, {OwnerCount} owner relations, {PersonCount} persons and organisations, {OwnedByUnitsCount} relations to other parcels skipped, {RequestCount} requests, {DurationMs} ms")]
    public static partial void MatrikkelLookedUp(this ILogger logger, int parcelCount, int foundCount, int ownerCount, int personCount, int ownedByUnitsCount, int requestCount, long durationMs);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Matrikkel has no matrikkelenhet for {MissingCount} of {ParcelCount} parcels (renumbered or expired since the teig data)")]
    public static partial void MatrikkelMissing(this ILogger logger, int missingCount, int parcelCount);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Owner lookup stored: {OwnerCount} owners ({NewOwnerCount} new) on {ParcelCount} parcels, {RemovedCount} ownerships no longer in the register removed, {SuppressedCount} forgotten owners left out")]
    public static partial void OwnersLookedUp(this ILogger logger, int ownerCount, int newOwnerCount, int parcelCount, int removedCount, int suppressedCount);

    [LoggerMessage(EventId = 6040, Level = LogLevel.Information, Message = "Enhetsregisteret: {OrganisationCount} organisation owners, {FetchedCount} fetched (the rest cached); flagged: {KonkursCount} bankrupt, {AvviklingCount} under liquidation, {SlettetCount} deleted, {UkjentCount} unknown")]
    public static partial void OrganisationsEnriched(this ILogger logger, int organisationCount, int fetchedCount, int konkursCount, int avviklingCount, int slettetCount, int ukjentCount);

    [LoggerMessage(EventId = 6050, Level = LogLevel.Information, Message = "Owners typed into Airtable: {RecordCount} records read into {OwnerCount} owners, {WithoutParcelCount} without a linked Eiendom left for later, {KnownCount} already known under another record")]
    public static partial void TeamOwnersRead(this ILogger logger, int recordCount, int ownerCount, int withoutParcelCount, int knownCount);

    [LoggerMessage(EventId = 6060, Level = LogLevel.Information, Message = "Owner {EierId} exported (gdpr export)")]
    public static partial void OwnerExported(this ILogger logger, string eierId);

    [LoggerMessage(EventId = 6061, Level = LogLevel.Information, Message = "Owner {EierId} forgotten (gdpr forget): {OwnershipCount} ownerships erased, Airtable record deleted: {AirtableDeleted}; only a salted hash is kept")]
    public static partial void OwnerForgotten(this ILogger logger, string eierId, int ownershipCount, bool airtableDeleted);

    [LoggerMessage(EventId = 6070, Level = LogLevel.Information, Message = "Owners job: no owner provider configured (Tomte:Owners:Provider is {Provider}); skipped")]
    public static partial void OwnersJobWithoutProvider(this ILogger logger, OwnerProvider provider);

    [LoggerMessage(EventId = 6072, Level = LogLevel.Information, Message = "Owners job: {SiteCount} qualified sites are new or changed since their last owner lookup")]
    public static partial void OwnersJobDueSites(this ILogger logger, int siteCount);

    [LoggerMessage(EventId = 6062, Level = LogLevel.Information, Message = "Opt-out recorded: {AddedCount} suppression rows added (by owner id: {ByOwner}, by e-mail: {ByEmail}, by phone: {ByPhone}; none added means it was known)")]
    public static partial void OptOutRecorded(this ILogger logger, int addedCount, bool byOwner, bool byEmail, bool byPhone);

    [LoggerMessage(EventId = 6063, Level = LogLevel.Information, Message = "Reservasjonsregisteret wash {FileName} imported: {OwnerCount} owners, {ReservedCount} reserved, washed {Vaskedato}")]
    public static partial void WashImported(this ILogger logger, string fileName, int ownerCount, int reservedCount, string vaskedato);

    [LoggerMessage(EventId = 6064, Level = LogLevel.Information, Message = "Opt-out file {FileName} imported: {RowCount} rows, {AddedCount} suppression rows added")]
    public static partial void OptOutsImported(this ILogger logger, string fileName, int rowCount, int addedCount);

    [LoggerMessage(EventId = 6065, Level = LogLevel.Information, Message = "Wash list exported: {PersonCount} persons")]
    public static partial void WashListExported(this ILogger logger, int personCount);

    [LoggerMessage(EventId = 6066, Level = LogLevel.Information, Message = "Retention checked: {DueCount} owners due for erasure, {InDialogueCount} kept in dialogue, {TooRecentCount} not due yet (dry run: {DryRun})")]
    public static partial void RetentionChecked(this ILogger logger, int dueCount, int inDialogueCount, int tooRecentCount, bool dryRun);

    [LoggerMessage(EventId = 6067, Level = LogLevel.Information, Message = "Retention erased {ErasedCount} owners whose sites are all gone ({AirtableDeletedCount} Airtable records deleted; no hash kept), {InDialogueCount} kept in dialogue, {TooRecentCount} not due yet; owner ids {EierIds}")]
    public static partial void RetentionErased(this ILogger logger, int erasedCount, int airtableDeletedCount, int inDialogueCount, int tooRecentCount, string eierIds);
}
