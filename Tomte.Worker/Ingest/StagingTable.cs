using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Ingest;

/// <summary>
/// The temporary table a load copies into (<c>pg_temp.ingest_stage</c>, dropped at commit): its DDL, the binary COPY
/// of mapped features, and the per-kommune counts afterwards. Its value columns are named as in the dataset's table.
/// </summary>
/// <remarks>
/// The server transforms, checks and repairs each row as COPY stores it (ingest.clean_staged_row, migration 0011),
/// so that work overlaps with parsing on the client instead of following it; rows the client already proved valid
/// arrive with their final geometry and no EWKB, and skip it. The sliver limits come from validated options.
/// </remarks>
internal static partial class StagingTable
{
    private static readonly string[] OwnColumns = ["ord", "kommunenummer", "source_id", "srid", "ewkb", "repaired", "geom"];

    public static async Task CreateAsync(NpgsqlConnection connection, Dataset dataset, IngestOptions options, CancellationToken cancellationToken)
    {
        if (dataset.Columns.FirstOrDefault(c => OwnColumns.Contains(c.Column)) is { } clash)
        {
            throw new InvalidOperationException($"dataset {dataset.Name}: column {clash.Column} clashes with a staging column");
        }
        var columns = string.Concat(dataset.Columns.Select(c => $", {c.Column} {SqlType(c.Type)}"));
        var kind = dataset.Geometry switch
        {
            GeometryKind.Point => "point",
            GeometryKind.Line => "line",
            _ => "polygon",
        };
        string[] statements =
        [
            $"""
            CREATE TEMP TABLE ingest_stage (
                ord bigint NOT NULL, kommunenummer text NOT NULL, source_id text NOT NULL{columns}, srid integer NOT NULL,
                ewkb bytea, repaired boolean, geom geometry
            ) ON COMMIT DROP
            """,
            string.Create(CultureInfo.InvariantCulture,
                $"CREATE TRIGGER clean BEFORE INSERT ON pg_temp.ingest_stage FOR EACH ROW WHEN (NEW.ewkb IS NOT NULL) EXECUTE FUNCTION ingest.clean_staged_row('{kind}', '{options.SliverMinAreaSquareMetres:R}', '{options.SliverMinWidthMetres:R}')"),
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The dataset's value columns as a comma-separated list, in dataset order (the staging and target names agree).</summary>
    /// <param name="wrap">An aggregate each column is wrapped in (<c>min</c>).</param>
    /// <param name="table">A table alias each column is qualified with (<c>s</c>).</param>
    public static string ValueColumns(Dataset dataset, string? wrap = null, string? table = null) =>
        string.Join(", ", dataset.Columns.Select(c =>
        {
            var column = table is null ? c.Column : $"{table}.{c.Column}";
            return wrap is null ? column : $"{wrap}({column})";
        }));

    public static async Task<Dictionary<string, (int Features, int Repaired, int Dropped)>> CountsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT kommunenummer,
                   count(*) FILTER (WHERE geom IS NOT NULL) AS features,
                   count(*) FILTER (WHERE geom IS NOT NULL AND repaired) AS repaired,
                   count(*) FILTER (WHERE geom IS NULL) AS dropped
            FROM pg_temp.ingest_stage GROUP BY kommunenummer
            """;
        var counts = new Dictionary<string, (int, int, int)>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = ((int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
        }
        return counts;
    }

    /// <summary>The COPY row the server refused, from a COPY error's context (<c>COPY ingest_stage, line 12</c>).</summary>
    public static long? RefusedRow(PostgresException error) =>
        CopyLine().Match(error.Where ?? "") is { Success: true } line ? long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"COPY ingest_stage, line (\d+)")]
    private static partial Regex CopyLine();

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Text => "text",
        ColumnType.Integer => "integer",
        ColumnType.Date => "date",
        _ => throw new UnreachableException(),
    };
}
