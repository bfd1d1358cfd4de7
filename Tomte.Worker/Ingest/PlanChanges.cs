using Npgsql;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Records in ingest.plan_change how a load changes a kommune's plans against what the table holds before the swap:
/// plans added, removed, or changed (geometry or planstatus), and which of them became adopted.
/// </summary>
internal static class PlanChanges
{
    /// <param name="loadIds">The changed kommuner that had a previous load, each with its new load_id.</param>
    /// <returns>What changed, per kommune of <paramref name="loadIds"/>; one statement for all of them.</returns>
    public static async Task<Dictionary<string, ChangeSummary>> DetectAsync(
        NpgsqlConnection connection, Dataset dataset, IReadOnlyDictionary<string, long> loadIds, IReadOnlyList<int> adoptedPlanstatus, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var column in (string[])["planidentifikasjon", "planstatus"])
        {
            if (!dataset.Columns.Any(c => c.Column == column))
            {
                throw new InvalidOperationException($"dataset {dataset.Name} tracks plans but has no column {column}");
            }
        }
        var summaries = loadIds.Keys.ToDictionary(k => k, _ => new ChangeSummary(0, 0, 0, 0, FirstLoad: false), StringComparer.Ordinal);
        if (loadIds.Count == 0)
        {
            return summaries;
        }
        // A plan is one or more polygons; its signature is the sorted set of their WKB hashes. The staging table
        // names its columns as the dataset's table does, so old and new read alike.
        var sql = $"""
            WITH swapped AS (
                SELECT * FROM unnest(@kommuner, @loads) AS m(kommunenummer, load_id)
            ), old AS (
                SELECT t.kommunenummer, planidentifikasjon AS plan, max(planstatus) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM {dataset.Table} t WHERE t.kommunenummer = ANY(@kommuner) GROUP BY t.kommunenummer, planidentifikasjon
            ), new AS (
                SELECT m.kommunenummer, planidentifikasjon AS plan, max(planstatus) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM pg_temp.ingest_stage s JOIN swapped m ON m.kommunenummer = s.kommunenummer::char(4)
                WHERE s.geom IS NOT NULL GROUP BY m.kommunenummer, planidentifikasjon
            )
            INSERT INTO ingest.plan_change (load_id, dataset, kommunenummer, planidentifikasjon, change, old_planstatus, new_planstatus,
                                            geometry_changed, detected_at, geom)
            SELECT m.load_id, @dataset, m.kommunenummer, coalesce(n.plan, o.plan),
                   CASE WHEN o.plan IS NULL THEN 'added' WHEN n.plan IS NULL THEN 'removed' ELSE 'changed' END,
                   o.planstatus, n.planstatus, o.signature IS DISTINCT FROM n.signature, @now, coalesce(n.geom, o.geom)
            FROM old o FULL JOIN new n ON n.kommunenummer = o.kommunenummer AND n.plan = o.plan
            JOIN swapped m ON m.kommunenummer = coalesce(n.kommunenummer, o.kommunenummer)
            WHERE o.plan IS NULL OR n.plan IS NULL OR o.signature <> n.signature OR o.planstatus IS DISTINCT FROM n.planstatus
            RETURNING kommunenummer::text, change, old_planstatus, new_planstatus
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        var kommuner = loadIds.Keys.ToArray();
        // char(4) like the column: a text array makes PostgreSQL compare as text, which cannot use the kommune index.
        command.Parameters.AddWithValue("kommuner", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Char, kommuner);
        command.Parameters.AddWithValue("loads", kommuner.Select(k => loadIds[k]).ToArray());
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kommune = reader.GetString(0);
            var summary = summaries[kommune];
            summary = reader.GetString(1) switch
            {
                "added" => summary with { Added = summary.Added + 1 },
                "removed" => summary with { Removed = summary.Removed + 1 },
                _ => summary with { Changed = summary.Changed + 1 },
            };
            int? oldStatus = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            int? newStatus = reader.IsDBNull(3) ? null : reader.GetInt32(3);
            if (newStatus is { } status && adoptedPlanstatus.Contains(status) && (oldStatus is not { } was || !adoptedPlanstatus.Contains(was)))
            {
                summary = summary with { Adopted = summary.Adopted + 1 };
            }
            summaries[kommune] = summary;
        }
        return summaries;
    }
}
