using System.Collections.Concurrent;
using System.Diagnostics;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Tomte.Worker.Owners.Matrikkel.MatrikkelSoap;

namespace Tomte.Worker.Owners.Matrikkel;

/// <summary>
/// Owners from Kartverket's Matrikkel API, in batches: idents → MatrikkelenhetIds (findMatrikkelenhetIdsForIdents), the
/// matrikkelenheter with their eierforhold (tinglyst and ikke-tinglyst, teller/nevner), then the persons and
/// organisations, then their postnummerområder (StoreService.getObjects), each in batches of
/// <see cref="MatrikkelOptions.BatchSize"/> with <see cref="MatrikkelOptions.Parallelism"/> calls in flight.
/// </summary>
public sealed class MatrikkelOwnerProvider(MatrikkelClient client, IOptions<OwnersOptions> options, TimeProvider time, ILogger<MatrikkelOwnerProvider> logger)
    : IOwnerProvider
{
    public const string Kilde = "Matrikkelen (Kartverket)";

    public OwnerSourceKind Source => OwnerSourceKind.Matrikkel;

    public async Task<OwnerLookupResult> LookupAsync(IReadOnlyList<Matrikkelnummer> parcels, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var requestsBefore = client.Requests;
        var settings = options.Value.Matrikkel;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Import.OwnerImporter.Oslo).DateTime);

        var ids = new ConcurrentDictionary<Matrikkelnummer, long>();
        await BatchesAsync(parcels.Distinct().ToList(), async batch =>
        {
            var response = await client.CallAsync(MatrikkelenhetServicePath, FindMatrikkelenhetIdsForIdents(batch, settings), cancellationToken);
            foreach (var (ident, id) in MatrikkelResponses.IdsForIdents(response))
            {
                ids[ident] = id;
            }
        }, cancellationToken);
        if (ids.Count < parcels.Count)
        {
            logger.MatrikkelMissing(parcels.Count - ids.Count, parcels.Count);
        }

        var units = new ConcurrentDictionary<long, MatrikkelResponses.Unit>();
        await BatchesAsync(ids.Values.Distinct().ToList(), async batch =>
        {
            foreach (var (type, item) in MatrikkelResponses.Items(await client.CallAsync(StoreServicePath, GetObjects(IdKind.Matrikkelenhet, batch, settings), cancellationToken)))
            {
                if (MatrikkelResponses.ReadUnit(type, item) is { } unit)
                {
                    units[unit.Id] = unit;
                }
            }
        }, cancellationToken);

        var persons = new ConcurrentDictionary<long, MatrikkelResponses.Person>();
        await BatchesAsync(units.Values.SelectMany(u => u.Owners).Select(o => o.PersonId).Distinct().ToList(), async batch =>
        {
            foreach (var (type, item) in MatrikkelResponses.Items(await client.CallAsync(StoreServicePath, GetObjects(IdKind.Person, batch, settings), cancellationToken)))
            {
                if (MatrikkelResponses.ReadPerson(type, item) is { } person)
                {
                    persons[person.Id] = person;
                }
            }
        }, cancellationToken);

        var areas = new ConcurrentDictionary<long, MatrikkelResponses.PostalArea>();
        await BatchesAsync(persons.Values.Select(p => p.PostnummeromradeId).OfType<long>().Distinct().ToList(), async batch =>
        {
            foreach (var (type, item) in MatrikkelResponses.Items(await client.CallAsync(StoreServicePath, GetObjects(IdKind.Postnummeromrade, batch, settings), cancellationToken)))
            {
                if (MatrikkelResponses.ReadPostalArea(type, item) is { } area)
                {
                    areas[area.Id] = area;
                }
            }
        }, cancellationToken);

        var records = new List<OwnerRecord>();
        var covered = new List<Matrikkelnummer>();
        foreach (var (parcel, id) in ids)
        {
            if (!units.TryGetValue(id, out var unit))
            {
                continue;
            }
            covered.Add(parcel);
            // One person with several eierforhold on one parcel (bought shares at different times) holds their sum.
            foreach (var holding in unit.Owners.GroupBy(o => o.PersonId))
            {
                if (!persons.TryGetValue(holding.Key, out var person))
                {
                    continue;
                }
                var area = person.PostnummeromradeId is { } areaId ? areas.GetValueOrDefault(areaId) : null;
                records.Add(new OwnerRecord(parcel, person.Navn, person.Kind, person.Organisasjonsnummer, person.Adresse, area?.Postnummer, area?.Poststed,
                    Sum(holding.Select(h => h.Andel)), null, null, Kilde, today));
            }
        }
        var requests = client.Requests - requestsBefore;
        logger.MatrikkelLookedUp(parcels.Count, covered.Count, records.Count, persons.Count, units.Values.Sum(u => u.OwnedByOtherUnits), requests, stopwatch.ElapsedMilliseconds);
        return new OwnerLookupResult(records, covered, requests);
    }

    private static Share? Sum(IEnumerable<Share?> shares)
    {
        var list = shares.ToList();
        if (list.Count == 1 || list.Any(s => s is null))
        {
            return list[0];
        }
        long teller = 0, nevner = 1;
        foreach (var share in list.OfType<Share>())
        {
            teller = (teller * share.Nevner) + (share.Teller * nevner);
            nevner *= share.Nevner;
            var gcd = Gcd(teller, nevner);
            teller /= gcd;
            nevner /= gcd;
        }
        return teller <= nevner && nevner <= int.MaxValue ? new Share((int)teller, (int)nevner) : list[0];
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private Task BatchesAsync<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, Task> call, CancellationToken cancellationToken)
    {
        var settings = options.Value.Matrikkel;
        return Parallel.ForEachAsync(items.Chunk(settings.BatchSize),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (batch, _) => await call(batch));
    }
}
