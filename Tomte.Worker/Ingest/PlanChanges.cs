using Npgsql;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Records in ingest.plan_change how a load changes a kommune's plans against what the table holds before the swap:
/// plans added, removed, or changed (geometry or planstatus), and which of them became adopted.
/// </summary>
internal static class PlanChanges
{
    public static async Task<ChangeSummary> DetectAsync(
        NpgsqlConnection connection, Dataset dataset, string kommune, long loadId, IReadOnlyList<int> adoptedPlanstatus, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var column in (string[])["planidentifikasjon", "planstatus"])
        {
            if (!dataset.Columns.Any(c => c.Column == column))
            {
                throw new InvalidOperationException($"dataset {dataset.Name} tracks plans but has no column {column}");
            }
        }
        // A plan is one or more polygons; its signature is the sorted set of their WKB hashes. The staging table
        // names its columns as the dataset's table does, so old and new read alike.
        var sql = $"""
            WITH old AS (
                SELECT planidentifikasjon AS plan, max(planstatus) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM {dataset.Table} WHERE kommunenummer = @kommune GROUP BY planidentifikasjon
            ), new AS (
                SELECT planidentifikasjon AS plan, max(planstatus) AS planstatus,
                       md5(string_agg(md5(ST_AsBinary(geom)), '' ORDER BY md5(ST_AsBinary(geom)))) AS signature,
                       ST_Multi(ST_CollectionExtract(ST_Collect(geom), 3)) AS geom
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL GROUP BY planidentifikasjon
            )
            INSERT INTO ingest.plan_change (load_id, dataset, kommunenummer, planidentifikasjon, change, old_planstatus, new_planstatus,
                                            geometry_changed, detected_at, geom)
            SELECT @load, @dataset, @kommune, coalesce(n.plan, o.plan),
                   CASE WHEN o.plan IS NULL THEN 'added' WHEN n.plan IS NULL THEN 'removed' ELSE 'changed' END,
                   o.planstatus, n.planstatus, o.signature IS DISTINCT FROM n.signature, @now, coalesce(n.geom, o.geom)
            FROM old o FULL JOIN new n ON n.plan = o.plan
            WHERE o.plan IS NULL OR n.plan IS NULL OR o.signature <> n.signature OR o.planstatus IS DISTINCT FROM n.planstatus
            RETURNING change, old_planstatus, new_planstatus
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        // char(4) like the column: a text parameter makes PostgreSQL compare as text, which cannot use the kommune
        // index, so each kommune of a national load scanned the whole table (measured: 42-46 s of swaps).
        command.Parameters.AddWithValue("kommune", NpgsqlTypes.NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue("load", loadId);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.AddWithValue("now", now);
        int added = 0, removed = 0, changed = 0, adopted = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetString(0))
            {
                case "added": added++; break;
                case "removed": removed++; break;
                default: changed++; break;
            }
            int? oldStatus = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            int? newStatus = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            if (newStatus is { } status && adoptedPlanstatus.Contains(status) && (oldStatus is not { } was || !adoptedPlanstatus.Contains(was)))
            {
                adopted++;
            }
        }
        return new ChangeSummary(added, removed, changed, adopted, FirstLoad: false);
    }
}
