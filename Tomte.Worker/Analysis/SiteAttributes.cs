using Npgsql;
using NpgsqlTypes;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis;

/// <summary>
/// Fills the attributes of this run's sites (the temporary table <c>site</c> of <see cref="KommuneAnalysis"/>):
/// plan signals, overlap shares with constraints and hensynssoner, the nearest stop, the nearest public road and the
/// parcels touched.
/// </summary>
public sealed class SiteAttributes
{
    /// <summary>
    /// The attribute columns of a <c>site</c> row before <see cref="AppendTo"/> fills them; whatever makes a <c>site</c>
    /// table (the kommune's parts, or one tip's polygon) selects these after part_no, geom, areal, arealformal and ma_vurderes.
    /// </summary>
    internal const string UnsetColumns = """
        '[]'::jsonb AS plansignaler, '{}'::jsonb AS konflikter, '{}'::jsonb AS hensynssoner,
               NULL::double precision AS naermeste_stopp_m, NULL::text AS naermeste_stopp, NULL::double precision AS naermeste_vei_m,
               0 AS antall_teig, NULL::text AS planstatus
        """;

    /// <summary>
    /// Appends the attribute updates to a command that fills <c>site</c> before them and writes it after, so the
    /// kommune's tail end is one round trip (on a busy machine each round trip waits for the client to be scheduled).
    /// </summary>
    public void AppendTo(NpgsqlCommand command, AnalysisOptions settings)
    {
        command.CommandText += Sql;
        command.Parameters.AddWithValue("signal", settings.EffectiveSignalPlanstatus.ToArray());
        command.Parameters.AddWithValue("public_roads", Vegkategorier.Public.Select(Vegkategorier.Text).ToArray());
    }

    // Shares are of the site's area, under the union of each kind (overlapping zones of one kind count once).
    // "Noen andre planlegger her": a reguleringsplan in a signal planstatus or a notice of planning start whose
    // area meets the site's interior; a plan in both sources is listed once, as its reguleringsplan.
    private static readonly string Sql =
        ShareUpdate("konflikter", "ref.constraint_area") +
        ShareUpdate("hensynssoner", "plan.hensynssone") +
        $$"""
        UPDATE site s SET plansignaler = p.signals
        FROM (
            SELECT y.part_no,
                   jsonb_agg(jsonb_build_object('kilde', y.kilde, 'planidentifikasjon', y.planid, 'plannavn', y.plannavn, 'planstatus', y.planstatus)
                             ORDER BY y.planid) AS signals
            FROM (
                SELECT DISTINCT ON (x.part_no, x.planid) x.*
                FROM (
                    SELECT s2.part_no, 'reguleringsplan' AS kilde, rp.planidentifikasjon AS planid, rp.plannavn, rp.planstatus, 0 AS rank
                    FROM site s2
                    JOIN plan.rp_planomrade rp ON rp.geom && s2.geom AND rp.planstatus = ANY(@signal) AND {{InteriorsMeetEitherWay("s2.geom", "rp.geom")}}
                    UNION ALL
                    SELECT s2.part_no, 'planlegging_igangsatt', coalesce(pi.planidentifikasjon, pi.source_id), pi.plannavn, pi.planstatus, 1
                    FROM site s2
                    JOIN plan.planlegging_igangsatt pi ON pi.geom && s2.geom AND {{InteriorsMeetEitherWay("s2.geom", "pi.geom")}}
                ) x
                ORDER BY x.part_no, x.planid, x.rank
            ) y
            GROUP BY y.part_no
        ) p
        WHERE p.part_no = s.part_no;

        UPDATE site s SET naermeste_stopp_m = n.distance, naermeste_stopp = n.name
        FROM site s2
        CROSS JOIN LATERAL (
            SELECT sp.name, ST_Distance(sp.geom, s2.geom) AS distance
            FROM ref.stop_place sp
            ORDER BY sp.geom <-> s2.geom
            LIMIT 1
        ) n
        WHERE s2.part_no = s.part_no;

        -- Any public road counts, a neighbour kommune's too (a site on the border may be served from across it); a
        -- kommune with no roads loaded has no distance at all rather than one to the next kommune's roads.
        UPDATE site s SET naermeste_vei_m = n.distance
        FROM site s2
        CROSS JOIN LATERAL (
            SELECT ST_Distance(r.geom, s2.geom) AS distance
            FROM ref.road r
            WHERE r.vegkategori = ANY(@public_roads::char(1)[])
            ORDER BY r.geom <-> s2.geom
            LIMIT 1
        ) n
        WHERE s2.part_no = s.part_no
          AND EXISTS (SELECT 1 FROM ref.road k WHERE k.kommunenummer = @k);

        UPDATE site s SET antall_teig = t.n
        FROM (
            SELECT s2.part_no, count(*)::int AS n
            FROM site s2
            JOIN ref.teig t ON t.geom && s2.geom AND {{InteriorsMeet("s2.geom", "t.geom")}}
            GROUP BY s2.part_no
        ) t
        WHERE t.part_no = s.part_no;

        UPDATE site s SET planstatus = coalesce(nullif(concat_ws('; ',
            CASE WHEN s.ma_vurderes THEN 'må vurderes (' || array_to_string(s.arealformal, '/') || ')' END,
            (SELECT 'noen andre planlegger her: ' || string_agg(
                        (e ->> 'planidentifikasjon') || coalesce(' ' || (e ->> 'plannavn'), '') ||
                        CASE (e ->> 'planstatus')::int WHEN 1 THEN ' (igangsatt)' WHEN 2 THEN ' (forslag)' ELSE '' END, ', ')
             FROM jsonb_array_elements(s.plansignaler) e
             HAVING count(*) > 0)), ''), 'uregulert');
        """;

    /// <summary>
    /// SQL: the interiors of two polygons meet (DE-9IM 2********). A point inside <paramref name="inner"/> that lies
    /// inside <paramref name="outer"/> settles it with a point-in-polygon test (PostGIS caches <paramref name="outer"/>
    /// while it repeats down a join, so pass the side that does); the full relate, which computes the whole
    /// intersection matrix, is left for the pairs that test does not settle. Exact either way: the point lies in the
    /// interior of <paramref name="inner"/>.
    /// </summary>
    internal static string InteriorsMeet(string outer, string inner) =>
        $"(ST_Contains({outer}, ST_PointOnSurface({inner})) OR ST_Relate({inner}, {outer}, '2********'))";

    /// <summary>
    /// SQL: as <see cref="InteriorsMeet"/>, for polygons of about the same size (sites and plans), where a point inside
    /// either may settle it: a point inside <paramref name="outer"/> that lies inside <paramref name="inner"/> is tried
    /// before the full relate too (on the national benchmark it settled a third of the pairs the first point left).
    /// </summary>
    internal static string InteriorsMeetEitherWay(string outer, string inner) =>
        $"(ST_Contains({outer}, ST_PointOnSurface({inner})) OR ST_Contains({inner}, ST_PointOnSurface({outer})) OR ST_Relate({inner}, {outer}, '2********'))";

    // One overlap-share update per zone table (kind -> share of the site's area, 4 decimals); table and column
    // names are constants of this class, never input.
    private static string ShareUpdate(string column, string zoneTable) => $"""
        UPDATE site s SET {column} = z.shares
        FROM (
            SELECT x.part_no, jsonb_object_agg(x.kind, round((x.overlap / x.areal)::numeric, 4) ORDER BY x.kind) AS shares
            FROM (
                SELECT s2.part_no, s2.areal, zone.kind, ST_Area(ST_Intersection(s2.geom, ST_UnaryUnion(ST_Collect(zone.geom)))) AS overlap
                FROM site s2
                JOIN {zoneTable} zone ON zone.geom && s2.geom AND ST_Intersects(zone.geom, s2.geom)
                GROUP BY s2.part_no, s2.areal, s2.geom, zone.kind
            ) x
            WHERE x.overlap > 0
            GROUP BY x.part_no
        ) z
        WHERE z.part_no = s.part_no;

        """;
}
