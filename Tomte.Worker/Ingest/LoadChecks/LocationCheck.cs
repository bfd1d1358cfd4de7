using System.Globalization;
using Npgsql;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>How a dataset's features must lie in the kommune they are loaded for.</summary>
public enum LocationRule
{
    /// <summary>The borders themselves: nothing to check against.</summary>
    None,

    /// <summary>Plans, teiger, stops, roads: the kommune's own objects; at least the configured share of the area (a road's length) inside.</summary>
    MostlyInside,

    /// <summary>Constraint areas (a national park, a flood zone) cross kommune borders; touching the kommune is enough.</summary>
    Touches,
}

/// <summary>Where the features of one kommune lie: how many were outside its border (and left out), and whether there was a border.</summary>
public sealed record KommuneLocation(int Outside, bool Checked);

/// <summary>
/// Set-based checks on the staged rows, after the server cleaned them and before any swap: every geometry inside
/// Norway's extent in EPSG:25833, and every feature inside the border of the kommune it is loaded for.
/// </summary>
/// <remarks>
/// A kommune whose border is not loaded is loaded unchecked and said so (a notice, location_checked = false in
/// ingest.load): refusing would make the borders a precondition of every import, and the demo and
/// <c>tomte ingest</c> load the borders first anyway. Features below the inside share belong to the neighbour and
/// are left out; when they are more than <see cref="IngestOptions.LocationMaxShareOutside"/> of a kommune's
/// features that kommune is refused (the file is for another kommune, or in another CRS): the whole load when it is for
/// one kommune, that kommune only in a load of many (<see cref="KommuneFailures"/>).
/// </remarks>
public static class LocationCheck
{
    // Mainland Norway in EPSG:25833 lies within about E -80 000..1 120 000, N 6 440 000..7 950 000; the margin keeps
    // offshore features and the coast of Finnmark in, and still refuses a file near the UTM origin or in another zone.
    public const double MinEasting = -200_000, MaxEasting = 1_250_000, MinNorthing = 6_350_000, MaxNorthing = 8_000_000;

    // A stop a few metres across the border (a stop on the border road) is still the kommune's.
    private const double PointToleranceMetres = 100;

    public static LocationRule RuleFor(Dataset dataset) =>
        dataset.OnePerKommune ? LocationRule.None
        : dataset.Table == "ref.constraint_area" ? LocationRule.Touches
        : LocationRule.MostlyInside;

    /// <summary>Refuses each kommune with a geometry outside Norway's extent, naming its first such feature.</summary>
    public static async Task EnsureInNorwayAsync(NpgsqlConnection connection, string source, KommuneFailures failures, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT DISTINCT ON (kommunenummer) kommunenummer, ord, source_id, ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom),
                   count(*) OVER (PARTITION BY kommunenummer)
            FROM pg_temp.ingest_stage
            WHERE geom IS NOT NULL
              AND NOT (ST_XMin(geom) >= $1 AND ST_XMax(geom) <= $2 AND ST_YMin(geom) >= $3 AND ST_YMax(geom) <= $4)
            ORDER BY kommunenummer, ord
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(MinEasting);
        command.Parameters.AddWithValue(MaxEasting);
        command.Parameters.AddWithValue(MinNorthing);
        command.Parameters.AddWithValue(MaxNorthing);
        var found = new List<(long Ord, string Kommune, SourceFormatException Error)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var box = string.Create(CultureInfo.InvariantCulture,
                    $"E {reader.GetDouble(3):F0}..{reader.GetDouble(5):F0}, N {reader.GetDouble(4):F0}..{reader.GetDouble(6):F0}");
                var others = reader.GetInt64(7) - 1;
                found.Add((reader.GetInt64(1), reader.GetString(0), new SourceFormatException(source, FeatureLabel.Of(reader.GetInt64(1), reader.GetString(2)),
                    $"lies outside Norway in EPSG:25833 ({box}; Norway with a margin is E {MinEasting:F0}..{MaxEasting:F0}, N {MinNorthing:F0}..{MaxNorthing:F0})"
                    + (others > 0 ? $", and so do {others} other features" : "") + "; is the CRS right?")));
            }
        }
        // In file order, so a load that fails as a whole names the first such feature of the file.
        foreach (var (_, kommune, error) in found.OrderBy(f => f.Ord))
        {
            failures.Add(kommune, error);
        }
    }

    /// <summary>
    /// Marks each staged feature inside or outside its kommune's border, refuses a kommune mostly outside, and
    /// removes the features that belong to a neighbour from the staging table (a refused kommune's go with
    /// <see cref="KommuneFailures.SettleAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, KommuneLocation>> CheckAsync(
        NpgsqlConnection connection, Dataset dataset, string source, IngestOptions options, KommuneFailures failures, CancellationToken cancellationToken)
    {
        var rule = RuleFor(dataset);
        var result = new Dictionary<string, KommuneLocation>(StringComparer.Ordinal);
        if (rule == LocationRule.None)
        {
            return result;
        }
        // ST_CoveredBy settles most features without computing an intersection; only those crossing the border pay for one.
        var inside = rule == LocationRule.Touches
            ? "ST_Intersects(s.geom, b.geom)"
            : """
              CASE WHEN ST_Dimension(s.geom) = 0 THEN ST_DWithin(s.geom, b.geom, @point_tolerance)
                   WHEN ST_CoveredBy(s.geom, b.geom) THEN true
                   WHEN NOT ST_Intersects(s.geom, b.geom) THEN false
                   WHEN ST_Dimension(s.geom) = 1 THEN ST_Length(ST_Intersection(s.geom, b.geom)) >= @share * ST_Length(s.geom)
                   ELSE ST_Area(ST_Intersection(s.geom, b.geom)) >= @share * ST_Area(s.geom) END
              """;
        var classify = $"""
            CREATE TEMP TABLE ingest_location ON COMMIT DROP AS
            SELECT s.ord, s.kommunenummer, b.geom IS NOT NULL AS has_border, b.geom IS NULL OR {inside} AS inside
            FROM pg_temp.ingest_stage s LEFT JOIN ref.kommune b ON b.kommunenummer = s.kommunenummer::char(4)
            WHERE s.geom IS NOT NULL
            """;
        await using (var command = new NpgsqlCommand(classify, connection))
        {
            command.Parameters.AddWithValue("point_tolerance", PointToleranceMetres);
            command.Parameters.AddWithValue("share", options.LocationMinShareInside);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        const string summary = """
            SELECT kommunenummer, bool_and(has_border), count(*), count(*) FILTER (WHERE NOT inside)
            FROM pg_temp.ingest_location GROUP BY kommunenummer
            """;
        var outsideKommuner = new List<(string Kommune, long Total, long Outside)>();
        await using (var command = new NpgsqlCommand(summary, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (kommune, hasBorder, total, outside) = (reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2), reader.GetInt64(3));
                result[kommune] = new KommuneLocation((int)outside, hasBorder);
                if (outside > 0)
                {
                    outsideKommuner.Add((kommune, total, outside));
                }
            }
        }
        if (outsideKommuner.Count == 0)
        {
            return result;
        }

        var share = string.Create(CultureInfo.InvariantCulture, $"{options.LocationMinShareInside * 100:0.#} %");
        foreach (var (kommune, total, outside) in outsideKommuner.Where(k => k.Outside > options.LocationMaxShareOutside * k.Total).OrderBy(k => k.Kommune, StringComparer.Ordinal))
        {
            var where = await WhereTheyLieAsync(connection, kommune, cancellationToken);
            failures.Add(kommune, new SourceFormatException(source, null,
                $"{outside} of {total} features for kommune {kommune} lie outside its border (less than {share} of their area inside); {where}. Is this the file for another kommune?"));
            result.Remove(kommune);
        }
        await using (var command = new NpgsqlCommand("DELETE FROM pg_temp.ingest_stage s USING pg_temp.ingest_location l WHERE l.ord = s.ord AND NOT l.inside", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return result;
    }

    private static async Task<string> WhereTheyLieAsync(NpgsqlConnection connection, string kommune, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT k.kommunenummer::text, count(*)
            FROM pg_temp.ingest_location l
            JOIN pg_temp.ingest_stage s ON s.ord = l.ord
            LEFT JOIN ref.kommune k ON k.kommunenummer <> l.kommunenummer::char(4) AND ST_Intersects(k.geom, ST_PointOnSurface(s.geom))
            WHERE l.kommunenummer = $1 AND NOT l.inside
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 4
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(kommune);
        var places = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            places.Add(reader.IsDBNull(0)
                ? $"{reader.GetInt64(1)} outside every loaded border"
                : $"{reader.GetInt64(1)} in {reader.GetString(0)} {OfficialKommuner.Name(reader.GetString(0))}".TrimEnd());
        }
        return "they lie " + string.Join(", ", places);
    }
}
