using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// Two features with the same source id in one kommune of one load. For most datasets that is an error naming both
/// positions: a plan area, a stop or a constraint area has one identity, and a repeat means a broken export or a file
/// concatenated twice. Teig is the exception: Kartverket's exports split a teig whose surface is a multi-surface into
/// one feature per part under the same lokalId, so parts with the same id and the same matrikkelnummer are merged
/// into one row (their union); the same id with another matrikkelnummer is still an error. The borders are unioned
/// per kommune anyway and are not checked.
/// </summary>
public static class DuplicateCheck
{
    public static bool MergesParts(Dataset dataset) => dataset.Name == "teig";

    /// <summary>Refuses each kommune in which a source id repeats (beyond teig parts that agree), naming the positions.</summary>
    public static async Task FindAsync(NpgsqlConnection connection, Dataset dataset, string source, KommuneFailures failures, CancellationToken cancellationToken)
    {
        if (dataset.OnePerKommune)
        {
            return;
        }
        // Parts may be merged only when everything but the geometry agrees.
        var same = MergesParts(dataset) ? $"count(DISTINCT ({StagingTable.ValueColumns(dataset)})) > 1" : "true";
        var find = $"""
            SELECT DISTINCT ON (kommunenummer) kommunenummer, source_id, array_agg(ord ORDER BY ord), min(ord) AS first
            FROM pg_temp.ingest_stage GROUP BY kommunenummer, source_id
            HAVING count(*) > 1 AND {same}
            ORDER BY kommunenummer, first
            """;
        var found = new List<(long First, string Kommune, SourceFormatException Error)>();
        await using (var command = new NpgsqlCommand(find, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var positions = reader.GetFieldValue<long[]>(2);
                var where = positions.Length == 2
                    ? $"features #{positions[0]} and #{positions[1]}"
                    : $"features {string.Join(", ", positions.Take(5).Select(p => $"#{p}"))}{(positions.Length > 5 ? $" and {positions.Length - 5} more" : "")}";
                var why = MergesParts(dataset) ? " with different attributes (parts of one teig must agree)" : "";
                found.Add((reader.GetInt64(3), reader.GetString(0), new SourceFormatException(source, null,
                    $"source id '{reader.GetString(1)}' appears {positions.Length} times in kommune {reader.GetString(0)}{why}: {where}")));
            }
        }
        foreach (var (_, kommune, error) in found.OrderBy(f => f.First))
        {
            failures.Add(kommune, error);
        }
    }

    /// <summary>Teig only: merges the parts that share a source id into their first part.</summary>
    /// <returns>How many parts were merged into another row, per kommune.</returns>
    public static async Task<IReadOnlyDictionary<string, int>> MergeAsync(NpgsqlConnection connection, Dataset dataset, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        if (dataset.OnePerKommune || !MergesParts(dataset))
        {
            return merged;
        }
        // One statement: the first part takes the union of the usable parts, the others go (slivers among them stay
        // as dropped rows and are counted as such).
        const string merge = """
            WITH parts AS (
                SELECT kommunenummer, source_id, min(ord) AS keep, count(*) AS n, bool_or(repaired) AS repaired,
                       ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom
                FROM pg_temp.ingest_stage WHERE geom IS NOT NULL
                GROUP BY kommunenummer, source_id HAVING count(*) > 1
            ), kept AS (
                UPDATE pg_temp.ingest_stage s SET geom = p.geom, repaired = p.repaired
                FROM parts p WHERE s.ord = p.keep
                RETURNING s.kommunenummer
            ), gone AS (
                DELETE FROM pg_temp.ingest_stage s USING parts p
                WHERE s.kommunenummer = p.kommunenummer AND s.source_id = p.source_id AND s.geom IS NOT NULL AND s.ord <> p.keep
                RETURNING s.kommunenummer
            )
            SELECT kommunenummer, count(*) FROM gone GROUP BY kommunenummer
            """;
        await using (var command = new NpgsqlCommand(merge, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                merged[reader.GetString(0)] = (int)reader.GetInt64(1);
            }
        }
        return merged;
    }
}
