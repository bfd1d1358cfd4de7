using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Brokers;

/// <summary>
/// Assesses one tip's polygon on request with the national analysis' own SQL: its kommuneplan housing rows
/// (<see cref="KommuneAnalysis.BoligSql"/>), its rule for which reguleringsplaner subtract (<see cref="KommuneAnalysis.AdoptedPlan"/>),
/// the site attributes (<see cref="SiteAttributes"/>: plan signals, constraint and hensynssone shares, stop, road),
/// the score model (<see cref="SiteScorer"/>) and the map (<see cref="MapInputs"/>, <see cref="MapRenderer"/>).
/// Read-only: one transaction whose temporary tables vanish at its end.
/// </summary>
public sealed class TipAssessor(
    NpgsqlDataSource dataSource,
    TipGeometry geometries,
    SiteAttributes attributes,
    MapInputs maps,
    IOptions<AnalysisOptions> analysisOptions,
    IOptions<ScoringOptions> scoringOptions,
    IOptions<MapOptions> mapOptions,
    IOptions<OwnersOptions> ownersOptions,
    IOptions<BrokersOptions> brokersOptions)
{
    /// <param name="key">What the map calls the tip (an Innspill-ID, or "Vurdering").</param>
    public async Task<TipAssessment> AssessAsync(TipInput input, string key, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var tip = await geometries.ResolveAsync(input, cancellationToken);
        var settings = analysisOptions.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // As in the analysis: these small queries must not wait for JIT compiling or parallel workers.
        await KommuneAnalysis.ExecuteAsync(connection, "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0", cancellationToken);

        var (kommune, navn) = await KommuneAsync(connection, tip, cancellationToken);
        await KommuneAnalysis.ExecuteAsync(connection, KommuneAnalysis.BoligSql, cancellationToken, cmd =>
        {
            cmd.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
            cmd.Parameters.AddWithValue("codes", settings.AllArealformal);
            cmd.Parameters.AddWithValue("statuses", settings.EffectiveArealbruksstatus.ToArray());
            cmd.Parameters.AddWithValue("inforce", settings.EffectiveKommuneplanIKraftPlanstatus.ToArray());
        });
        var shares = await SharesAsync(connection, tip.Geometry, settings, cancellationToken);
        var site = await SiteAsync(connection, tip.Geometry, kommune, shares.Formal.Select(f => f.Arealformal).ToArray(), settings, cancellationToken);
        var (parcels, owners) = await ParcelsAsync(connection, tip.Geometry, cancellationToken);
        var matching = await MatchingSitesAsync(connection, tip.Geometry, cancellationToken);
        var (sentralitet, vilje) = await KommuneInputsAsync(connection, kommune, cancellationToken);

        var utviklbarDaa = shares.UtviklbarM2 / 1000;
        var developable = shares.UtviklbarM2 >= settings.MinArealDaa * 1000;
        int? boliger = developable ? (int)Math.Floor(shares.UtviklbarM2 / settings.KvadratmeterPerBolig) : null;
        var score = developable
            ? SiteScorer.Score(new SiteInputs(key, kommune, Math.Round(utviklbarDaa, 2), boliger, site.StopM, sentralitet, site.RoadM,
                site.Konflikter, site.Hensynssoner, vilje, owners), scoringOptions.Value)
            : null;

        var areaDaa = tip.Geometry.Area / 1000;
        byte[]? png = null;
        var scene = await maps.SceneAsync(connection, key, $"Innspill {key}", tip.Geometry, kommune, areaDaa, boliger, cancellationToken);
        if (scene is not null)
        {
            png = MapRenderer.Render(scene, mapOptions.Value.Bredde, mapOptions.Value.Hoyde);
        }
        await transaction.CommitAsync(cancellationToken);

        return new TipAssessment(tip, kommune, navn, areaDaa, shares.SonertM2 / tip.Geometry.Area, shares.Formal, shares.RegulertM2 / tip.Geometry.Area,
            utviklbarDaa, boliger, site.Planer, SiteConflicts.Lines(site.KonflikterJson, site.HensynssonerJson), score, parcels, owners, matching, png,
            stopwatch.Elapsed);
    }

    /// <summary>The loaded kommune holding most of the tip; a tip outside every loaded border cannot be assessed.</summary>
    private static async Task<(string Kommune, string? Navn)> KommuneAsync(NpgsqlConnection connection, ResolvedTip tip, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT k.kommunenummer, k.navn
            FROM ref.kommune k
            WHERE k.geom && @g AND ST_Intersects(k.geom, @g)
            ORDER BY ST_Area(ST_Intersection(k.geom, @g)) DESC
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("g", tip.Geometry);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return (reader.GetString(0), reader.GetString(1));
        }
        throw new TipInputException(TipProblem.OutsideKommuner,
            tip.Kommunenummer is null
                ? "Polygonet ligger utenfor alle innlastede kommuner; sjekk koordinatene (EPSG:25833 eller lengde/bredde i WGS 84)"
                : $"Kommune {tip.Kommunenummer} er ikke lastet inn (ingen kommunegrense), så {tip.Beskrivelse} kan ikke vurderes");
    }

    private sealed record Shares(double SonertM2, double RegulertM2, double UtviklbarM2, IReadOnlyList<FormalShare> Formal);

    private async Task<Shares> SharesAsync(NpgsqlConnection connection, Geometry geometry, AnalysisOptions settings, CancellationToken cancellationToken)
    {
        // KP bolig ∩ tip, adopted plans ∩ tip, and what is left: KP bolig ∩ tip − adopted plans (the analysis' difference).
        const string sql = $$"""
            WITH b AS (SELECT ST_UnaryUnion(ST_Collect(ST_Intersection(b.geom, @g))) AS geom
                       FROM bolig b WHERE b.geom && @g AND ST_Intersects(b.geom, @g)),
                 r AS (SELECT ST_UnaryUnion(ST_Collect(ST_Intersection(rp.geom, @g))) AS geom
                       FROM plan.rp_planomrade rp WHERE rp.geom && @g AND {{KommuneAnalysis.AdoptedPlan}} AND ST_Intersects(rp.geom, @g))
            SELECT coalesce(ST_Area(b.geom), 0), coalesce(ST_Area(r.geom), 0),
                   CASE WHEN b.geom IS NULL THEN 0 WHEN r.geom IS NULL THEN ST_Area(b.geom) ELSE ST_Area(ST_Difference(b.geom, r.geom)) END,
                   (SELECT coalesce(jsonb_object_agg(f.arealformal, f.areal), '{}')::text
                    FROM (SELECT b2.arealformal, ST_Area(ST_UnaryUnion(ST_Collect(ST_Intersection(b2.geom, @g)))) AS areal
                          FROM bolig b2 WHERE b2.geom && @g AND ST_Intersects(b2.geom, @g)
                          GROUP BY b2.arealformal) f
                    WHERE f.areal > 0)
            FROM b, r
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("g", geometry);
        command.Parameters.AddWithValue("adopted", settings.EffectiveVedtattPlanstatus.ToArray());
        command.Parameters.AddWithValue("vn", settings.EffectiveVertikalniva.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var area = geometry.Area;
        var formal = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(3))!
            .Select(p => new FormalShare(int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p.Value / area))
            .OrderByDescending(f => f.Andel).ThenBy(f => f.Arealformal).ToList();
        return new Shares(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), formal);
    }

    private sealed record SiteRow(
        IReadOnlyList<PlanInProgress> Planer, string KonflikterJson, string HensynssonerJson,
        IReadOnlyDictionary<string, double> Konflikter, IReadOnlyDictionary<string, double> Hensynssoner, double? StopM, double? RoadM);

    /// <summary>The tip as the one row of a <c>site</c> table, filled by the analysis' own attribute updates.</summary>
    private async Task<SiteRow> SiteAsync(NpgsqlConnection connection, Geometry geometry, string kommune, int[] formal, AnalysisOptions settings, CancellationToken cancellationToken)
    {
        const string create = $$"""
            CREATE TEMP TABLE site ON COMMIT DROP AS
            SELECT 1 AS part_no, @g::geometry AS geom, ST_Area(@g) AS areal, @formal::int[] AS arealformal, @formal::int[] && @vurderes AS ma_vurderes,
                   {{SiteAttributes.UnsetColumns}};

            """;
        await using var command = new NpgsqlCommand(create, connection);
        command.Parameters.AddWithValue("g", geometry);
        command.Parameters.AddWithValue("formal", formal);
        command.Parameters.AddWithValue("vurderes", settings.EffectiveVurderesArealformal.ToArray());
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        attributes.AppendTo(command, settings);
        command.CommandText += "; SELECT plansignaler::text, konflikter::text, hensynssoner::text, naermeste_stopp_m, naermeste_vei_m FROM site";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var planer = new List<PlanInProgress>();
        using (var signals = JsonDocument.Parse(reader.GetString(0)))
        {
            foreach (var e in signals.RootElement.EnumerateArray())
            {
                planer.Add(new PlanInProgress(e.GetProperty("kilde").GetString()!, e.GetProperty("planidentifikasjon").GetString()!,
                    e.GetProperty("plannavn").ValueKind == JsonValueKind.String ? e.GetProperty("plannavn").GetString() : null,
                    e.GetProperty("planstatus").ValueKind == JsonValueKind.Number ? e.GetProperty("planstatus").GetInt32() : null));
            }
        }
        return new SiteRow(planer, reader.GetString(1), reader.GetString(2), ShareMap(reader.GetString(1)), ShareMap(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4));
    }

    private static SortedDictionary<string, double> ShareMap(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [], StringComparer.Ordinal);

    /// <summary>The matrikkelenheter under the tip (slivers left out by the owners step's rule) and their known owners.</summary>
    private async Task<(IReadOnlyList<TipParcel> Parcels, int Owners)> ParcelsAsync(NpgsqlConnection connection, Geometry geometry, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH p AS (
                SELECT t.kommunenummer || '-' || t.gnr || '/' || t.bnr
                       || CASE WHEN t.snr > 0 THEN '/' || t.fnr || '/' || t.snr WHEN t.fnr > 0 THEN '/' || t.fnr ELSE '' END AS matrikkelnummer,
                       sum(ST_Area(ST_Intersection(t.geom, @g))) AS overlap
                FROM ref.teig t
                WHERE t.geom && @g AND ST_Relate(t.geom, @g, '2********')
                GROUP BY 1
            )
            SELECT p.matrikkelnummer, p.overlap / ST_Area(@g),
                   coalesce(array_agg(g.navn ORDER BY g.navn) FILTER (WHERE g.navn IS NOT NULL), '{}'),
                   coalesce(array_agg(g.eier_id) FILTER (WHERE g.eier_id IS NOT NULL), '{}')
            FROM p
            LEFT JOIN owners.eierskap es ON es.matrikkelnummer = p.matrikkelnummer
            LEFT JOIN owners.grunneier g ON g.eier_id = es.eier_id
            WHERE p.overlap >= @sliver_m2 OR p.overlap >= @sliver_share * ST_Area(@g)
            GROUP BY p.matrikkelnummer, p.overlap
            ORDER BY p.overlap DESC, p.matrikkelnummer
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("g", geometry);
        command.Parameters.AddWithValue("sliver_m2", ownersOptions.Value.SliverAreaM2);
        command.Parameters.AddWithValue("sliver_share", ownersOptions.Value.SliverShare);
        var parcels = new List<TipParcel>();
        var owners = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            parcels.Add(new TipParcel(reader.GetString(0), reader.GetDouble(1), reader.GetFieldValue<string[]>(2)));
            owners.UnionWith(reader.GetFieldValue<string[]>(3));
        }
        return (parcels, owners.Count);
    }

    private async Task<IReadOnlyList<MatchingSite>> MatchingSitesAsync(NpgsqlConnection connection, Geometry geometry, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT x.tomte_id, x.overlap / ST_Area(@g), x.overlap / x.areal, x.score
            FROM (SELECT t.tomte_id, t.score, ST_Area(t.geom) AS areal, ST_Area(ST_Intersection(t.geom, @g)) AS overlap
                  FROM analysis.tomt t
                  WHERE t.endring IN ('ny', 'endret', 'uendret') AND t.geom && @g AND ST_Relate(t.geom, @g, '2********')) x
            WHERE x.overlap >= @min * ST_Area(@g) OR x.overlap >= @min * x.areal
            ORDER BY x.overlap DESC, x.tomte_id
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("g", geometry);
        command.Parameters.AddWithValue("min", brokersOptions.Value.MinOverlappAndel);
        var sites = new List<MatchingSite>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sites.Add(new MatchingSite(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3)));
        }
        return sites;
    }

    /// <summary>The kommune's SSB sentralitetsklasse and the team's kommunal vilje (outside 1–5 counts as not set, as in the score).</summary>
    private static async Task<(int? Sentralitet, double? Vilje)> KommuneInputsAsync(NpgsqlConnection connection, string kommune, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT s.sentralitet, v.vilje::float8
            FROM (SELECT @k::char(4) AS kommunenummer) k
            LEFT JOIN ssb.kommune_indikator s ON s.kommunenummer = k.kommunenummer
            LEFT JOIN airtable.kommunal_vilje v ON v.kommunenummer = k.kommunenummer AND v.vilje BETWEEN 1 AND 5
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetInt16(0), reader.IsDBNull(1) ? null : reader.GetDouble(1));
    }
}
