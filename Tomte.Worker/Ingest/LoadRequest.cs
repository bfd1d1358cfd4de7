namespace Tomte.Worker.Ingest;

/// <param name="SourceKind">What ingest.load records as the source's kind.</param>
/// <param name="Kommunenummer">The kommune to swap; null = every kommune the source holds.</param>
/// <param name="DefaultSrid">The CRS of features that declare none; null = such features are an error.</param>
/// <param name="AllowEmpty">
/// Whether no features for the kommune is a real answer (a service asked for a kommune's flood zones) for datasets
/// that may be empty. A file without any is always an error: it is more likely the wrong file than an empty kommune.
/// </param>
/// <param name="FeatureTypes">Which of the source's features the load takes; null = the dataset's own feature types.</param>
public sealed record LoadRequest(
    Dataset Dataset, IFeatureSource Source, SourceKind SourceKind, string? Kommunenummer = null, int? DefaultSrid = null, bool AllowEmpty = false,
    FeatureTypeFilter? FeatureTypes = null);

public sealed record LoadProgress(string Dataset, long FeaturesRead, double FeaturesPerSecond, TimeSpan Elapsed);

public sealed record ChangeSummary(int Added, int Removed, int Changed, int Adopted, bool FirstLoad);

/// <param name="Outcome">Loaded or unchanged.</param>
public sealed record KommuneLoad(
    string Kommunenummer, long LoadId, LoadOutcome Outcome, int FeatureCount, int Repaired, int Dropped, string Checksum, ChangeSummary? Changes,
    LoadChecks.LoadReport? Report = null);

/// <summary>A kommune that a load of many refused while the others loaded; its previous rows are kept.</summary>
public sealed record KommuneFailure(string Kommunenummer, long LoadId, Exception Error);

public sealed record LoadResult(
    string Dataset, string Source, long FeaturesRead, long SkippedOtherKommuner, long OtherFeatureTypes,
    IReadOnlyList<KommuneLoad> Kommuner, TimeSpan Duration, IReadOnlyList<string>? Notices = null)
{
    /// <summary>Kommuner refused by a check in a load without <c>--kommune</c>; the others in <see cref="Kommuner"/> loaded.</summary>
    public IReadOnlyList<KommuneFailure> Failed { get; init; } = [];
}
