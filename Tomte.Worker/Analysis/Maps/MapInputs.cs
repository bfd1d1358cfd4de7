using System.Globalization;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Analysis.Maps;

/// <summary>
/// What each site's map is drawn from, read in PostGIS: the map's extent around the site, the features inside it,
/// and a hash of all of that, so a map is drawn again only when something it shows changed.
/// </summary>
public sealed class MapInputs(NpgsqlDataSource dataSource, IOptions<MapOptions> mapOptions, IOptions<AnalysisOptions> analysisOptions)
{
    /// <summary>Bumped when the drawing changes (colours, legend, layout), so every map is drawn again.</summary>
    public const string StyleVersion = "2";

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public sealed record SiteHash(string TomteId, string Hash, string? PreviousHash)
    {
        public bool Changed => Hash != PreviousHash;
    }

    // The current sites and each one's ground extent: the site's box grown by a third on each side, at least
    // @minhalf metres to either side of its centre, in the picture's shape (@aspect = height / width).
    // {0} is the site filter: all sites of the selected kommuner, or one site by its key (an index lookup).
    private const string Extents = """
        WITH s AS (
            SELECT t.tomte_id, t.kommunenummer, k.navn, t.areal_daa, t.est_boliger, t.geom,
                   (ST_XMin(t.geom) + ST_XMax(t.geom)) / 2 AS cx, (ST_YMin(t.geom) + ST_YMax(t.geom)) / 2 AS cy,
                   greatest((ST_XMax(t.geom) - ST_XMin(t.geom)) * 0.65, (ST_YMax(t.geom) - ST_YMin(t.geom)) * 0.65 / @aspect, @minhalf) AS hw
            FROM analysis.tomt t
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            WHERE t.endring IN ('ny', 'endret', 'uendret') AND {0}
        ), e AS (
            SELECT s.*, ST_MakeEnvelope(s.cx - s.hw, s.cy - s.hw * @aspect, s.cx + s.hw, s.cy + s.hw * @aspect, 25833) AS box
            FROM s
        )
        """;

    // Everything drawn around one site (e), by layer. Public roads are E/R/F/K (NVDB vegkategori).
    private const string Features = """
        SELECT 'vedtatt' AS layer, rp.planidentifikasjon AS label, rp.geom FROM plan.rp_planomrade rp
            WHERE rp.geom && e.box AND rp.planstatus = ANY(@vedtatt)
        UNION ALL SELECT 'signal', rp.planidentifikasjon, rp.geom FROM plan.rp_planomrade rp
            WHERE rp.geom && e.box AND rp.planstatus = ANY(@signal)
        UNION ALL SELECT 'signal', coalesce(pi.planidentifikasjon, pi.source_id), pi.geom FROM plan.planlegging_igangsatt pi
            WHERE pi.geom && e.box
        UNION ALL SELECT 'restriksjon', c.kind, c.geom FROM ref.constraint_area c WHERE c.geom && e.box
        UNION ALL SELECT 'hensynssone', h.kind, h.geom FROM plan.hensynssone h WHERE h.geom && e.box
        UNION ALL SELECT 'teig', tg.gnr || '/' || tg.bnr, tg.geom FROM ref.teig tg WHERE tg.geom && e.box
        UNION ALL SELECT CASE WHEN r.vegkategori IN ('E', 'R', 'F', 'K') THEN 'vei' ELSE 'privatvei' END,
                         r.vegkategori || coalesce('v ' || r.vegnummer, ''), r.geom FROM ref.road r WHERE r.geom && e.box
        UNION ALL SELECT 'holdeplass', sp.name, sp.geom FROM ref.stop_place sp WHERE sp.geom && e.box
        UNION ALL SELECT 'annentomt', o.tomte_id, o.geom FROM analysis.tomt o
            WHERE o.geom && e.box AND o.endring IN ('ny', 'endret', 'uendret') AND o.tomte_id <> e.tomte_id
        """;

    private const string AllSites = """
        (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY(@kommuner))
        AND (@minscore = 0 OR t.score >= @minscore
             OR EXISTS (SELECT 1 FROM airtable.record_map rm
                        WHERE rm.table_name = 'Tomter' AND rm.record_key = t.tomte_id AND rm.discarded_at IS NULL))
        """;

    private const string OneSite = "t.tomte_id = @id";

    /// <summary>Every current site's map hash beside the hash of the map stored for it.</summary>
    public async Task<IReadOnlyList<SiteHash>> HashesAsync(IReadOnlyList<string> kommuner, CancellationToken cancellationToken)
    {
        var sql = string.Format(CultureInfo.InvariantCulture, Extents, AllSites) + $"""
            SELECT e.tomte_id, m.hash,
                   md5(concat_ws('|', @style, e.kommunenummer, e.navn, e.areal_daa::text, e.est_boliger::text, md5(ST_AsBinary(e.geom)),
                       (SELECT string_agg(f.h, ',' ORDER BY f.h)
                        FROM (SELECT f0.layer || ':' || coalesce(f0.label, '') || ':' || md5(ST_AsBinary(f0.geom)) AS h
                              FROM ({Features}) f0) f)))
            FROM e
            LEFT JOIN analysis.tomt_kart m ON m.tomte_id = e.tomte_id
            ORDER BY e.tomte_id
            """;
        var hashes = new List<SiteHash>();
        await using var command = dataSource.CreateCommand(sql);
        AddParameters(command.Parameters);
        command.Parameters.AddWithValue("kommuner", NpgsqlDbType.Array | NpgsqlDbType.Char, kommuner.ToArray());
        command.Parameters.AddWithValue("minscore", (decimal)mapOptions.Value.MinScore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes.Add(new SiteHash(reader.GetString(0), reader.GetString(2), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return hashes;
    }

    private const string Scene = $"""
        SELECT 'tomt', e.tomte_id, e.geom, ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box),
               e.kommunenummer || coalesce(' ' || e.navn, ''), e.areal_daa::float8, e.est_boliger
        FROM e
        UNION ALL
        SELECT f.layer, f.label, CASE WHEN ST_Dimension(f.geom) = 0 THEN f.geom ELSE ST_ClipByBox2D(f.geom, e.box) END, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM e CROSS JOIN LATERAL ({Features}) f
        """;

    // A brokers' tip drawn like a site: the same extent rule and layers around a polygon given as a parameter.
    private const string GivenGeometry = """
        WITH s AS (
            SELECT @id::text AS tomte_id, @k::char(4) AS kommunenummer, k.navn, @daa::numeric AS areal_daa, @boliger::int AS est_boliger, g.geom,
                   (ST_XMin(g.geom) + ST_XMax(g.geom)) / 2 AS cx, (ST_YMin(g.geom) + ST_YMax(g.geom)) / 2 AS cy,
                   greatest((ST_XMax(g.geom) - ST_XMin(g.geom)) * 0.65, (ST_YMax(g.geom) - ST_YMin(g.geom)) * 0.65 / @aspect, @minhalf) AS hw
            FROM (SELECT @geom::geometry AS geom) g
            LEFT JOIN ref.kommune k ON k.kommunenummer = @k
        ), e AS (
            SELECT s.*, ST_MakeEnvelope(s.cx - s.hw, s.cy - s.hw * @aspect, s.cx + s.hw, s.cy + s.hw * @aspect, 25833) AS box
            FROM s
        )
        """;

    /// <summary>The site's scene: its outline, extent, title and the features around it, cut to the extent.</summary>
    public async Task<MapScene?> SceneAsync(NpgsqlConnection connection, string tomteId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, Extents, OneSite) + Scene, connection);
        AddParameters(command.Parameters);
        command.Parameters.AddWithValue("id", tomteId);
        return await ReadSceneAsync(command, tomteId, $"Tomt {tomteId}", cancellationToken);
    }

    /// <summary>
    /// The scene around a polygon that is not a stored site (a brokers' tip): drawn with the same layers, existing
    /// sites among them, and titled <paramref name="title"/>.
    /// </summary>
    public async Task<MapScene?> SceneAsync(NpgsqlConnection connection, string key, string title, Geometry geometry, string kommunenummer,
        double arealDaa, int? estBoliger, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(GivenGeometry + Scene, connection);
        AddParameters(command.Parameters);
        command.Parameters.AddWithValue("id", key);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommunenummer);
        command.Parameters.AddWithValue("daa", (decimal)Math.Round(arealDaa, 2));
        command.Parameters.AddWithValue("boliger", NpgsqlDbType.Integer, (object?)estBoliger ?? DBNull.Value);
        command.Parameters.AddWithValue("geom", geometry);
        return await ReadSceneAsync(command, key, title, cancellationToken);
    }

    private static async Task<MapScene?> ReadSceneAsync(NpgsqlCommand command, string tomteId, string sceneTitle, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var features = new List<MapFeature>();
        Envelope? extent = null;
        string? title = null;
        string[] details = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            var layer = Layer(reader.GetString(0));
            if (reader.IsDBNull(2))
            {
                continue;
            }
            var geometry = reader.GetFieldValue<Geometry>(2);
            if (layer == MapLayer.Tomt)
            {
                extent = new Envelope(reader.GetDouble(3), reader.GetDouble(5), reader.GetDouble(4), reader.GetDouble(6));
                title = sceneTitle;
                var boliger = reader.IsDBNull(9) ? "" : $" · ~{reader.GetInt32(9)} boliger";
                details = [reader.GetString(7), $"{reader.GetDouble(8).ToString("0.#", Norwegian)} daa{boliger}"];
            }
            if (!geometry.IsEmpty)
            {
                features.Add(new MapFeature(layer, reader.IsDBNull(1) ? null : reader.GetString(1), geometry));
            }
        }
        return extent is null ? null : new MapScene(tomteId, title!, details, extent, features);
    }

    public static async Task StoreAsync(NpgsqlConnection connection, string tomteId, string hash, byte[] png, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO analysis.tomt_kart (tomte_id, hash, png, rendered_at) VALUES (@id, @hash, @png, @now)
            ON CONFLICT (tomte_id) DO UPDATE SET hash = excluded.hash, png = excluded.png, rendered_at = excluded.rendered_at
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", tomteId);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("png", png);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddParameters(NpgsqlParameterCollection parameters)
    {
        var map = mapOptions.Value;
        parameters.AddWithValue("aspect", (double)map.Hoyde / MapRenderer.MapWidth(map.Bredde));
        parameters.AddWithValue("minhalf", map.MinHalvbreddeMeter);
        parameters.AddWithValue("vedtatt", analysisOptions.Value.EffectiveVedtattPlanstatus.ToArray());
        parameters.AddWithValue("signal", analysisOptions.Value.EffectiveSignalPlanstatus.ToArray());
        parameters.AddWithValue("style", $"{StyleVersion}/{map.Bredde}x{map.Hoyde}/{map.MinHalvbreddeMeter.ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static MapLayer Layer(string name) => name switch
    {
        "tomt" => MapLayer.Tomt,
        "vedtatt" => MapLayer.Vedtatt,
        "signal" => MapLayer.Signal,
        "restriksjon" => MapLayer.Restriksjon,
        "hensynssone" => MapLayer.Hensynssone,
        "teig" => MapLayer.Teig,
        "vei" => MapLayer.Vei,
        "privatvei" => MapLayer.PrivatVei,
        "holdeplass" => MapLayer.Holdeplass,
        "annentomt" => MapLayer.AnnenTomt,
        _ => throw new InvalidOperationException($"The map query returned an unknown layer '{name}'."),
    };
}
