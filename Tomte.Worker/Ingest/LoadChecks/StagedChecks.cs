using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// The checks a load runs on its staging table after COPY and before any kommune is swapped, in one place so the
/// loader calls them with one line: features inside Norway, no repeated source id, each feature in its kommune.
/// A refusal throws when the load is for one kommune, and the transaction leaves the previous rows as they were; in a
/// load of many it fails that kommune only (<see cref="KommuneFailures"/>).
/// </summary>
public sealed class StagedChecks
{
    private readonly Dictionary<string, int> _read;
    private readonly IReadOnlyDictionary<string, KommuneLocation> _locations;
    private readonly IReadOnlyDictionary<string, int> _merged;

    private StagedChecks(Dictionary<string, int> read, IReadOnlyDictionary<string, KommuneLocation> locations, IReadOnlyDictionary<string, int> merged, IReadOnlyList<string> notices)
    {
        _read = read;
        _locations = locations;
        _merged = merged;
        Notices = notices;
    }

    /// <summary>What the operator should read about this load (Norwegian: import and ingest print it).</summary>
    public IReadOnlyList<string> Notices { get; }

    public static async Task<StagedChecks> RunAsync(
        NpgsqlConnection connection, Dataset dataset, string source, IngestOptions options, KommuneNumberCheck numbers, KommuneFailures failures, ILogger logger,
        CancellationToken cancellationToken)
    {
        // Every later step reads one kommune's staged rows; without this index a national file (356 kommuner) was
        // scanned once per kommune and per step, and the swaps took seven times as long as reading the file.
        await using (var index = new NpgsqlCommand("CREATE INDEX ON pg_temp.ingest_stage (kommunenummer); ANALYZE pg_temp.ingest_stage", connection))
        {
            await index.ExecuteNonQueryAsync(cancellationToken);
        }
        var read = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT kommunenummer, count(*) FROM pg_temp.ingest_stage GROUP BY kommunenummer", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                read[reader.GetString(0)] = (int)reader.GetInt64(1);
            }
        }

        await LocationCheck.EnsureInNorwayAsync(connection, source, failures, cancellationToken);
        await failures.SettleAsync(connection, cancellationToken);
        await DuplicateCheck.FindAsync(connection, dataset, source, failures, cancellationToken);
        await failures.SettleAsync(connection, cancellationToken);
        var merged = await DuplicateCheck.MergeAsync(connection, dataset, cancellationToken);
        var locations = await LocationCheck.CheckAsync(connection, dataset, source, options, failures, cancellationToken);
        await failures.SettleAsync(connection, cancellationToken);

        var notices = new List<string>();
        foreach (var ((old, renumbered), count) in numbers.Renumbered)
        {
            logger.KommuneRenumbered(dataset.Name, old, renumbered, count);
        }
        notices.AddRange(numbers.Notices());
        var noBorder = locations.Where(l => !l.Value.Checked).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
        if (noBorder.Count > 0)
        {
            logger.LocationUnchecked(dataset.Name, noBorder.Count, noBorder[0]);
            var which = noBorder.Count == 1 ? $"kommune {noBorder[0]}" : $"{noBorder.Count} kommuner ({string.Join(", ", noBorder.Take(5))}{(noBorder.Count > 5 ? ", …" : "")})";
            notices.Add($"ingen kommunegrense er lastet inn for {which}, så det er ikke kontrollert at objektene ligger i kommunen (last inn kommunegrensene først: tomte import kommune --file …)");
        }
        foreach (var (kommune, location) in locations.Where(l => l.Value.Outside > 0 && !failures.Contains(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            logger.FeaturesOutside(dataset.Name, kommune, location.Outside);
            notices.Add($"{kommune}: {location.Outside} objekter ligger for det meste utenfor kommunegrensen og er utelatt");
        }
        foreach (var (kommune, count) in merged.Where(m => !failures.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            logger.PartsMerged(dataset.Name, kommune, count);
            notices.Add($"{kommune}: {count} deler med samme id som en annen {dataset.Name} er slått sammen med den");
        }
        return new StagedChecks(read, locations, merged, notices);
    }

    public LoadReport ReportFor(string kommune, KommuneNumberCheck numbers, int refused) => new(
        _read.GetValueOrDefault(kommune),
        _locations.TryGetValue(kommune, out var location) ? location.Outside : 0,
        refused,
        _merged.GetValueOrDefault(kommune),
        numbers.Renumbered.Where(r => r.Key.New == kommune).Sum(r => r.Value),
        location?.Checked ?? false);
}
