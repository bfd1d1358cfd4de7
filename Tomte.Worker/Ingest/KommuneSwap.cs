using Npgsql;

namespace Tomte.Worker.Ingest;

/// <summary>Replaces one (dataset, kommune) in the dataset's table with the staged rows, inside the load's transaction.</summary>
internal static class KommuneSwap
{
    public static async Task SwapAsync(NpgsqlConnection connection, Dataset dataset, string kommune, long loadId, CancellationToken cancellationToken)
    {
        var scopeFilter = dataset.Scope is { } s ? $" AND {s.Column} = @scope" : "";
        var columns = StagingTable.ValueColumns(dataset);
        var delete = $"DELETE FROM {dataset.Table} WHERE kommunenummer = @kommune{scopeFilter}";
        string insert;
        if (dataset.OnePerKommune)
        {
            insert = $"""
                INSERT INTO {dataset.Table} (kommunenummer, load_id, source_id, {columns}, geom)
                SELECT kommunenummer, @load, min(source_id), {StagingTable.ValueColumns(dataset, wrap: "min")}, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3))
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL GROUP BY kommunenummer
                """;
        }
        else
        {
            var scopeColumn = dataset.Scope is { } sc ? $"{sc.Column}, " : "";
            var scopeValue = dataset.Scope is not null ? "@scope, " : "";
            insert = $"""
                INSERT INTO {dataset.Table} (load_id, kommunenummer, source_id, {scopeColumn}{columns}, geom)
                SELECT @load, kommunenummer, source_id, {scopeValue}{columns}, geom
                FROM pg_temp.ingest_stage WHERE kommunenummer = @kommune AND geom IS NOT NULL
                """;
        }
        foreach (var sql in new[] { delete, insert })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            // char(4) like the column: a text parameter makes PostgreSQL compare as text, which cannot use the kommune
            // index, so each kommune of a national load scanned the whole table (measured: 42-46 s of swaps).
            command.Parameters.AddWithValue("kommune", NpgsqlTypes.NpgsqlDbType.Char, kommune);
            if (sql == insert)
            {
                command.Parameters.AddWithValue("load", loadId);
            }
            if (dataset.Scope is { } scope)
            {
                command.Parameters.AddWithValue("scope", scope.Value);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
