namespace Tomte.Worker.Owners;

/// <summary>
/// Where <c>tomte owners lookup</c> gets owners for parcels (<see cref="OwnersOptions.Provider"/>). Import files and
/// Airtable feed the same owner model through <see cref="OwnerStore"/> without it.
/// </summary>
public interface IOwnerProvider
{
    OwnerSourceKind Source { get; }

    /// <summary>The owners of these matrikkelenheter, and which of them the provider answered for (the others it does not know).</summary>
    Task<OwnerLookupResult> LookupAsync(IReadOnlyList<Matrikkelnummer> parcels, CancellationToken cancellationToken);
}

/// <param name="Covered">The parcels the provider answered for: their owners from this source are replaced by <see cref="Owners"/>.</param>
public sealed record OwnerLookupResult(IReadOnlyList<OwnerRecord> Owners, IReadOnlyCollection<Matrikkelnummer> Covered, int Requests);
