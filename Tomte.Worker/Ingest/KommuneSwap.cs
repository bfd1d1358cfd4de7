using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Replaces the changed kommuner of a load in the dataset's table with their staged rows, inside the load's
/// transaction: one DELETE and one INSERT for all of them, so a national file costs what one kommune of the same size
/// costs (swapping kommune by kommune cost 356 pairs of statements and twice the time). Each kommune stays atomic:
/// nothing is visible before the commit, and a kommune left out of <paramref name="loadIds"/> keeps its rows.
/// </summary>
internal static class KommuneSwap
{
    /// <param name="loadIds">The kommuner to replace, each with the ingest.load row its new rows point at.</param>
    public static async Task SwapAsync(NpgsqlConnection connection, Dataset dataset, IReadOnlyDictionary<string, long> loadIds, CancellationToken cancellationToken)
    {
        if (loadIds.Count == 0)
        {
            return;
        }
        var scopeFilter = dataset.Scope is { } s ? $" AND {s.Column} = @scope" : "";
        var columns = StagingTable.ValueColumns(dataset);
        // char(4) like the column: a text array makes PostgreSQL compare as text, which cannot use the kommune index.
        var delete = $"DELETE FROM {dataset.Table} WHERE kommunenummer = ANY(@kommuner){scopeFilter}";
        const string swapped = "unnest(@kommuner, @loads) AS m(kommunenummer, load_id)";
        string insert;
        if (dataset.OnePerKommune)
        {
            insert = $"""
                INSERT INTO {dataset.Table} (kommunenummer, load_id, source_id, {columns}, geom)
                SELECT m.kommunenummer, min(m.load_id), min(s.source_id), {StagingTable.ValueColumns(dataset, wrap: "min", table: "s")}, ST_Multi(ST_CollectionExtract(ST_Union(s.geom), 3))
                FROM pg_temp.ingest_stage s JOIN {swapped} ON m.kommunenummer = s.kommunenummer::char(4)
                WHERE s.geom IS NOT NULL GROUP BY m.kommunenummer
                """;
        }
        else
        {
            var scopeColumn = dataset.Scope is { } sc ? $"{sc.Column}, " : "";
            var scopeValue = dataset.Scope is not null ? "@scope, " : "";
            insert = $"""
                INSERT INTO {dataset.Table} (load_id, kommunenummer, source_id, {scopeColumn}{columns}, geom)
                SELECT m.load_id, m.kommunenummer, s.source_id, {scopeValue}{StagingTable.ValueColumns(dataset, table: "s")}, s.geom
                FROM pg_temp.ingest_stage s JOIN {swapped} ON m.kommunenummer = s.kommunenummer::char(4)
                WHERE s.geom IS NOT NULL
                """;
        }
        var kommuner = loadIds.Keys.ToArray();
        var loads = kommuner.Select(k => loadIds[k]).ToArray();
        foreach (var sql in new[] { delete, insert })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("kommuner", NpgsqlDbType.Array | NpgsqlDbType.Char, kommuner);
            if (sql == insert)
            {
                command.Parameters.AddWithValue("loads", loads);
            }
            if (dataset.Scope is { } scope)
            {
                command.Parameters.AddWithValue("scope", scope.Value);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
