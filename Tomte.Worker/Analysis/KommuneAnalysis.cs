using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Analysis;

/// <summary>
/// Analyses one kommune in one transaction: KP bolig (union) minus adopted reguleringsplaner, split into parts,
/// slivers and strips dropped, parts matched to the previous sites, attributes computed, the kommune's sites
/// replaced. Any failure rolls back and leaves the previous result as it was.
/// </summary>
public sealed class KommuneAnalysis(NpgsqlDataSource dataSource, IOptions<AnalysisOptions> options, SiteAttributes attributes, TimeProvider time)
{
    public sealed record Input(string Kommunenummer, long RunId, string Fingerprint, long InputLoadId, long PreviousInputLoadId);

    public sealed record Result(
        string Kommunenummer, int Sites, int Ny, int Endret, int Uendret, int Regulert, int Borte,
        double BoligM2, double RegulertM2, double DroppedM2, double TomtM2, TimeSpan Duration);

    public async Task<Result> RunAsync(Input input, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // PostGIS functions carry high planner costs, so the planner would JIT-compile these small queries:
            // 0.5-1 s of compiling per statement for work that takes milliseconds.
            // Kommuner already run side by side on their own connections; a parallel worker per scan adds ~100 ms of
            // start-up to queries that take a few ms, and chose a parallel seq scan of the whole table over the kommune index.
            // Two runs at once (the scheduled job and an operator) must not both match against the same previous sites.
            // The temporary tables and the sites are written once and read a few times: lz4 (where the server has it)
            // compresses in half the time of the default pglz.
            // A kommune's result need not wait for the disk at commit: a server crash within a moment of the commit loses
            // the whole transaction (never part of it), state row included, so the next run simply analyses the kommune again.
            await ExecuteAsync(connection, """
                SET LOCAL jit = off;
                SET LOCAL synchronous_commit = off;
                SET LOCAL max_parallel_workers_per_gather = 0;
                SELECT set_config('default_toast_compression', 'lz4', true)
                FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals);
                SELECT pg_advisory_xact_lock(hashtext('tomte.analysis'), @k::int)
                """, cancellationToken, cmd => cmd.Parameters.AddWithValue("k", input.Kommunenummer));
            await CheckInputAsync(connection, input.Kommunenummer, settings, cancellationToken);
            await CreateBoligAsync(connection, input.Kommunenummer, settings, cancellationToken);
            await ExecuteAsync(connection, DifferenceSql, cancellationToken, cmd =>
            {
                cmd.Parameters.AddWithValue("adopted", settings.EffectiveVedtattPlanstatus.ToArray());
                cmd.Parameters.AddWithValue("vn", settings.EffectiveVertikalniva.ToArray());
                cmd.Parameters.AddWithValue("min_area", settings.MinArealDaa * 1000);
                cmd.Parameters.AddWithValue("min_width", settings.MinBreddeMeter);
                cmd.Parameters.AddWithValue("vurderes", settings.EffectiveVurderesArealformal.ToArray());
            });

            var matches = SiteMatcher.Assign(await OverlapsAsync(connection, input.Kommunenummer, cancellationToken), settings.IouTerskel);
            var previous = await LiveSitesAsync(connection, input.Kommunenummer, cancellationToken);
            var (partNos, ids, endringer) = await AssignIdsAsync(connection, input.Kommunenummer, matches, cancellationToken);
            await using (var write = new NpgsqlCommand("", connection))
            {
                write.Parameters.AddWithValue("parts", partNos);
                write.Parameters.AddWithValue("ids", ids);
                write.Parameters.AddWithValue("endringer", endringer);
                attributes.AppendTo(write, settings);
                write.CommandText += WriteSql;
                write.Parameters.AddWithValue("k", NpgsqlDbType.Char, input.Kommunenummer);
                write.Parameters.AddWithValue("m2", settings.KvadratmeterPerBolig);
                write.Parameters.AddWithValue("now", now);
                write.Parameters.AddWithValue("run", input.RunId);
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            var gone = previous.Except(matches.Select(m => m.TomteId), StringComparer.Ordinal).ToArray();
            var (regulert, borte) = await RetireAsync(connection, gone, input, settings, now, cancellationToken);
            var accounting = await SaveStateAsync(connection, input, ids.Length, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var uendret = matches.Count(m => m.Unchanged);
            return new Result(input.Kommunenummer, ids.Length, ids.Length - matches.Count, matches.Count - uendret, uendret, regulert, borte,
                accounting.Bolig, accounting.Regulert, accounting.Dropped, accounting.Tomt, stopwatch.Elapsed);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InternalError && ex.MessageText.Contains("GEOS", StringComparison.OrdinalIgnoreCase))
        {
            // No explicit rollback: the failed transaction may already be closed (an explicit rollback then threw
            // ObjectDisposedException and hid the GEOS error); disposing it rolls back, and the diagnosis runs on
            // a connection of its own.
            throw await DiagnoseInvalidGeometryAsync(input.Kommunenummer, ex, cancellationToken);
        }
    }

    /// <summary>Clear messages for inputs that cannot give a meaningful result, before any geometry work.</summary>
    private static async Task CheckInputAsync(NpgsqlConnection connection, string kommune, AnalysisOptions settings, CancellationToken cancellationToken)
    {
        const string countSql = """
            SELECT (SELECT count(*) FROM plan.kp_planomrade WHERE kommunenummer = @k),
                   (SELECT count(*) FROM plan.kp_planomrade WHERE kommunenummer = @k AND planstatus = ANY(@inforce)),
                   (SELECT count(*) FROM plan.kp_arealformal WHERE kommunenummer = @k)
            """;
        long plans, inForce, arealformal;
        await using (var count = new NpgsqlCommand(countSql, connection))
        {
            count.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
            count.Parameters.AddWithValue("inforce", settings.EffectiveKommuneplanIKraftPlanstatus.ToArray());
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (plans, inForce, arealformal) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        if (plans == 0 && arealformal == 0)
        {
            throw new AnalysisInputException(
                $"kommune {kommune} har ingen kommuneplan lastet inn (plan.kp_planomrade og plan.kp_arealformal er tomme for kommunen); " +
                $"last den med tomte ingest eller tomte import kp-planomrade/kp-arealformal");
        }
        if (inForce == 0)
        {
            throw new AnalysisInputException(
                $"kommune {kommune} har ingen kommuneplan i kraft (ingen KpOmråde med planstatus {string.Join("/", settings.EffectiveKommuneplanIKraftPlanstatus)} blant {plans} lastet inn; {AnalysisOptions.Section}:KommuneplanIKraftPlanstatus)");
        }
        const string orphanSql = """
            SELECT a.source_id, coalesce(a.planidentifikasjon, '(ingen)')
            FROM plan.kp_arealformal a
            WHERE a.kommunenummer = @k AND a.arealformal = ANY(@codes)
              AND NOT EXISTS (SELECT 1 FROM plan.kp_planomrade p
                              WHERE p.kommunenummer = @k
                                AND (p.planidentifikasjon = a.planidentifikasjon
                                     OR (a.planidentifikasjon IS NULL AND p.geom && a.geom AND ST_Intersects(p.geom, ST_PointOnSurface(a.geom)))))
            ORDER BY a.source_id
            LIMIT 3
            """;
        await using var orphans = new NpgsqlCommand(orphanSql, connection);
        orphans.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        orphans.Parameters.AddWithValue("codes", settings.AllArealformal);
        await using var orphanReader = await orphans.ExecuteReaderAsync(cancellationToken);
        if (await orphanReader.ReadAsync(cancellationToken))
        {
            throw new AnalysisInputException(
                $"kommune {kommune}: arealformål {orphanReader.GetString(0)} (plan.kp_arealformal) hører til kommuneplan {orphanReader.GetString(1)}, " +
                "som ikke finnes i plan.kp_planomrade; last inn kommuneplanens KpOmråde (kp-planomrade) fra samme kilde");
        }
    }

    /// <summary>
    /// Ingest stores only valid geometry, but a hand-edited row can break that; GEOS would then fail or, worse,
    /// return a wrong difference. The KP bolig rows are few, so they are checked (in the round trip that selects them);
    /// other inputs are named when GEOS fails.
    /// </summary>
    private static async Task CreateBoligAsync(NpgsqlConnection connection, string kommune, AnalysisOptions settings, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BoligSql + "SELECT source_id, ST_IsValidReason(geom) FROM bolig WHERE NOT ST_IsValid(geom) ORDER BY source_id LIMIT 1", connection);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue("codes", settings.AllArealformal);
        command.Parameters.AddWithValue("statuses", settings.EffectiveArealbruksstatus.ToArray());
        command.Parameters.AddWithValue("inforce", settings.EffectiveKommuneplanIKraftPlanstatus.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new AnalysisInputException($"kommune {kommune}: arealformål {reader.GetString(0)} i plan.kp_arealformal har ugyldig geometri ({reader.GetString(1)}); last kommuneplanen inn på nytt");
        }
    }

    private async Task<Exception> DiagnoseInvalidGeometryAsync(string kommune, PostgresException error, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT 'plan.rp_planomrade', source_id, ST_IsValidReason(geom) FROM plan.rp_planomrade WHERE kommunenummer = @k AND NOT ST_IsValid(geom)
            UNION ALL
            SELECT 'plan.kp_arealformal', source_id, ST_IsValidReason(geom) FROM plan.kp_arealformal WHERE kommunenummer = @k AND NOT ST_IsValid(geom)
            LIMIT 1
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AnalysisInputException($"kommune {kommune}: {(reader.GetString(0) == "plan.rp_planomrade" ? "planområde" : "arealformål")} {reader.GetString(1)} i {reader.GetString(0)} har ugyldig geometri ({reader.GetString(2)}); last datasettet inn på nytt", error)
            : new AnalysisInputException($"kommune {kommune}: geometriberegningen feilet ({error.MessageText})", error);
    }

    /// <summary>
    /// A reguleringsplan (alias <c>rp</c>) that takes land away from housing: adopted (@adopted), on the ground or without a
    /// vertical level (@vn). Shared with the on-request assessment of a tip, so both subtract the same plans.
    /// </summary>
    internal const string AdoptedPlan = "rp.planstatus = ANY(@adopted) AND (rp.vertikalniva IS NULL OR rp.vertikalniva = ANY(@vn))";

    // Touching or overlapping bolig polygons become one area (land counted once); only clusters of several polygons
    // are unioned (most stand alone, and a union costs as much as the difference). Each area loses what the adopted
    // reguleringsplaner (on the ground or without a vertical level) cover: untouched areas are kept as they are,
    // covered ones dropped without any overlay, and the plans are unioned only where more than one meets the area.
    internal const string BoligSql = """
        CREATE TEMP TABLE bolig ON COMMIT DROP AS
        SELECT a.id, a.source_id, a.arealformal, a.geom
        FROM plan.kp_arealformal a
        WHERE a.kommunenummer = @k AND a.arealformal = ANY(@codes) AND a.arealbruksstatus = ANY(@statuses)
          AND EXISTS (SELECT 1 FROM plan.kp_planomrade p
                      WHERE p.kommunenummer = @k AND p.planstatus = ANY(@inforce)
                        AND (p.planidentifikasjon = a.planidentifikasjon
                             OR (a.planidentifikasjon IS NULL AND p.geom && a.geom AND ST_Intersects(p.geom, ST_PointOnSurface(a.geom)))));
        """;

    private static readonly string DifferenceSql = $$"""
        -- An area from a single bolig polygon (most of them) carries its source along: every part of it lies inside
        -- that polygon, so only parts of merged areas need the relate against the bolig polygons that formed them.
        -- A polygon whose box meets no other polygon's box stands alone (~85 % of them). The rest are grouped by
        -- ST_ClusterIntersecting (GEOS intersects on a tree), a third to a seventh of ST_ClusterDBSCAN's time at distance 0, which
        -- measures every close pair vertex by vertex; a group of one is the polygon itself, its source found again by
        -- exact equality (when that finds nothing, the site step's relate names the source as for merged areas); a group
        -- of two is unioned by ST_Union of the pair (see the plans below). The areas, like the parts, live only inside
        -- the one statement that makes the sites (no table to compress them into and read them back from), and of both
        -- only the area totals are kept, for the accounting.
        CREATE INDEX ON bolig USING gist (geom);

        -- One index probe per area collects everything the overlay needs. Plans are cut to the area's box (1 m margin)
        -- first, so a large områderegulering brings only its few vertices near the area into covers, union and
        -- difference; inside the box the result is the same. A plan whose box lies inside the area's box is taken as it
        -- is (nothing to cut). ST_ClipByBox2D cuts in a sixth of the time of ST_Intersection (profiled on the national
        -- benchmark: the cut was the costliest step of the analysis) but may return an invalid polygon (6 of 25,000
        -- cuts; unchecked, that failed the union in 2 of 356 kommuner), so such a cut is redone by ST_Intersection.
        -- No ST_Intersects: a plan whose box meets the area's but which misses the area removes nothing, and the exact
        -- test per plan cost more than the overlay it spared; a cut that comes back empty is left out.
        -- Only a plan whose box holds the area's box is asked whether it covers the area, as ST_Contains: for polygons
        -- the same answer as ST_Covers, in half the time. The OFFSET 0 keep the planner from inlining the subqueries:
        -- inlined, the cut ran three times per plan and the validity test twice (the step took 1.6 times as long), and
        -- the overlay would run once for each use of its result; the area's box, inlined, was made again (from the whole
        -- area, read and decompressed) for each plan it was used on (a quarter of the preparation).
        -- Two to four plans are unioned pair by pair: ST_UnaryUnion's cascaded union first looks for the plans' overlap
        -- (worth it for many); measured on the national benchmark, pairs of ST_Union took 30 % less time for two plans, 11 % for four.
        -- The parts go straight into the sites, already as the multipolygons that are stored (the write then copies
        -- them as they are).
        CREATE TEMP TABLE part_accounting (bolig double precision, rest double precision, dropped double precision) ON COMMIT DROP;

        CREATE TEMP TABLE site ON COMMIT DROP AS
        WITH area AS MATERIALIZED (
            SELECT d.geom, ST_Area(d.geom) AS areal, d.kilde_ids, d.arealformal
            FROM (
                SELECT (ST_Dump(b.geom)).geom AS geom, ARRAY[b.source_id] AS kilde_ids, ARRAY[b.arealformal] AS arealformal
                FROM bolig b
                WHERE NOT EXISTS (SELECT 1 FROM bolig o WHERE o.geom && b.geom AND o.id <> b.id)
                UNION ALL
                SELECT (ST_Dump(g.geom)).geom, s.kilde_ids, s.arealformal
                FROM (SELECT unnest(ST_ClusterIntersecting(b.geom)) AS geom
                      FROM bolig b
                      WHERE EXISTS (SELECT 1 FROM bolig o WHERE o.geom && b.geom AND o.id <> b.id)) c
                CROSS JOIN LATERAL (SELECT ST_NumGeometries(c.geom) = 1 AS alone,
                                           CASE ST_NumGeometries(c.geom) WHEN 1 THEN ST_GeometryN(c.geom, 1)
                                                WHEN 2 THEN ST_Union(ST_GeometryN(c.geom, 1), ST_GeometryN(c.geom, 2))
                                                ELSE ST_UnaryUnion(c.geom) END AS geom
                                    OFFSET 0) g
                LEFT JOIN LATERAL (SELECT array_agg(o.source_id) AS kilde_ids, array_agg(o.arealformal) AS arealformal
                                   FROM bolig o WHERE g.alone AND o.geom && g.geom AND o.geom = g.geom) s ON true
            ) d
        ),
        part AS MATERIALIZED (
            SELECT p.geom, p.areal, p.kilde_ids, p.arealformal,
                   CASE WHEN p.areal < @min_area THEN false
                        WHEN @min_width <= 0 THEN true
                        -- A point of the part farther than half the width from its edge survives the negative buffer (its
                        -- arcs are chords inside the true circle, so the buffer removes less, never more): the buffer,
                        -- the costliest step, is left for the few parts where that quick test is not enough.
                        WHEN ST_Distance(ST_PointOnSurface(p.geom), ST_Boundary(p.geom)) > @min_width / 2 + 0.01 THEN true
                        -- The centre of the largest inscribed circle is such a point too, found in a sixth of the buffer's time.
                        WHEN (ST_MaximumInscribedCircle(p.geom)).radius > @min_width / 2 + 0.01 THEN true
                        ELSE NOT ST_IsEmpty(ST_Buffer(p.geom, -@min_width / 2, 'quad_segs=4')) END AS kept
            FROM (
                SELECT o.geom, ST_Area(o.geom) AS areal, o.kilde_ids, o.arealformal
                FROM (
                    SELECT (ST_Dump(d.geom)).geom AS geom, d.kilde_ids, d.arealformal
                    FROM (
                        SELECT a.kilde_ids, a.arealformal,
                               CASE WHEN r.plans = 0 THEN a.geom
                                    WHEN r.covered THEN NULL
                                    WHEN r.plans = 1 THEN ST_CollectionExtract(ST_Difference(a.geom, r.clipped), 3)
                                    ELSE ST_CollectionExtract(ST_Difference(a.geom, CASE r.plans
                                        WHEN 2 THEN ST_Union(ST_GeometryN(r.clipped, 1), ST_GeometryN(r.clipped, 2))
                                        WHEN 3 THEN ST_Union(ST_Union(ST_GeometryN(r.clipped, 1), ST_GeometryN(r.clipped, 2)), ST_GeometryN(r.clipped, 3))
                                        WHEN 4 THEN ST_Union(ST_Union(ST_GeometryN(r.clipped, 1), ST_GeometryN(r.clipped, 2)),
                                                             ST_Union(ST_GeometryN(r.clipped, 3), ST_GeometryN(r.clipped, 4)))
                                        ELSE ST_UnaryUnion(r.clipped) END), 3) END AS geom
                        FROM area a
                        CROSS JOIN LATERAL (SELECT ST_Expand(a.geom, 1) AS box OFFSET 0) b
                        CROSS JOIN LATERAL (
                            SELECT count(*) AS plans, coalesce(bool_or(c.holds AND ST_Contains(c.geom, a.geom)), false) AS covered, ST_Collect(c.geom) AS clipped
                            FROM (SELECT CASE WHEN rp.geom @ b.box THEN rp.geom
                                              WHEN ST_IsValid(q.cut) THEN q.cut
                                              ELSE ST_Intersection(rp.geom, b.box) END AS geom,
                                         rp.geom ~ a.geom AS holds
                                  FROM plan.rp_planomrade rp
                                  CROSS JOIN LATERAL (SELECT ST_ClipByBox2D(rp.geom, b.box::box2d) AS cut OFFSET 0) q
                                  WHERE rp.geom && a.geom AND {{AdoptedPlan}} OFFSET 0) c
                            WHERE NOT ST_IsEmpty(c.geom)
                        ) r
                        OFFSET 0
                    ) d
                    WHERE d.geom IS NOT NULL AND NOT ST_IsEmpty(d.geom)
                ) o
                OFFSET 0
            ) p
        ),
        accounting AS (
            INSERT INTO part_accounting (bolig, rest, dropped)
            SELECT (SELECT coalesce(sum(areal), 0) FROM area), coalesce(sum(areal), 0), coalesce(sum(areal) FILTER (WHERE NOT kept), 0) FROM part
        )
        SELECT row_number() OVER (ORDER BY p.areal DESC, ST_XMin(p.geom), ST_YMin(p.geom))::int AS part_no,
               ST_Multi(p.geom) AS geom, p.areal,
               coalesce(p.kilde_ids, s.kilde_ids) AS kilde_ids, coalesce(p.arealformal, s.arealformal) AS arealformal,
               coalesce(p.arealformal, s.arealformal) && @vurderes AS ma_vurderes,
               {{SiteAttributes.UnsetColumns}}
        FROM part p
        CROSS JOIN LATERAL (
            SELECT array_agg(DISTINCT b.source_id ORDER BY b.source_id) AS kilde_ids,
                   array_agg(DISTINCT b.arealformal ORDER BY b.arealformal) AS arealformal
            FROM bolig b
            WHERE p.kilde_ids IS NULL AND b.geom && p.geom AND {{SiteAttributes.InteriorsMeet("p.geom", "b.geom")}}
        ) s
        WHERE p.kept;
        """;

    private static async Task<IReadOnlyList<SiteMatcher.Overlap>> OverlapsAsync(NpgsqlConnection connection, string kommune, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, s.part_no, ST_Area(t.geom), s.areal,
                   -- Most sites come back unchanged, and intersecting two identical outlines (every edge collinear)
                   -- is the slowest kind there is; exact equality answers those at once, in the join and here.
                   CASE WHEN t.geom = s.geom THEN s.areal ELSE ST_Area(ST_Intersection(t.geom, s.geom)) END
            FROM analysis.tomt t
            JOIN site s ON t.geom && s.geom AND (t.geom = s.geom OR ST_Intersects(t.geom, s.geom))
            WHERE t.kommunenummer = @k AND t.endring IN ('ny', 'endret', 'uendret')
            """;
        var overlaps = new List<SiteMatcher.Overlap>();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            overlaps.Add(new SiteMatcher.Overlap(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
        }
        return overlaps;
    }

    /// <summary>The kommune's current sites, locked for this transaction.</summary>
    private static async Task<IReadOnlyList<string>> LiveSitesAsync(NpgsqlConnection connection, string kommune, CancellationToken cancellationToken)
    {
        const string sql = "SELECT tomte_id FROM analysis.tomt WHERE kommunenummer = @k AND endring IN ('ny', 'endret', 'uendret') ORDER BY tomte_id FOR UPDATE";
        var ids = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Matched parts keep their ID; the others get the kommune's next numbers, largest part first.</summary>
    private static async Task<(int[] Parts, string[] Ids, string[] Endringer)> AssignIdsAsync(
        NpgsqlConnection connection, string kommune, IReadOnlyList<SiteMatcher.Match> matches, CancellationToken cancellationToken)
    {
        var parts = new List<int>();
        await using (var list = new NpgsqlCommand("SELECT part_no FROM site ORDER BY part_no", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                parts.Add(reader.GetInt32(0));
            }
        }
        var byPart = matches.ToDictionary(m => m.PartNo);
        var unmatched = parts.Where(p => !byPart.ContainsKey(p)).ToArray();
        var first = 0;
        if (unmatched.Length > 0)
        {
            // Numbers continue after the highest ever given, also past IDs written by something other than this step.
            const string sql = """
                WITH highest AS (
                    SELECT coalesce(max(split_part(tomte_id, '-', 2)::int), 0) AS n FROM analysis.tomt WHERE kommunenummer = @k
                )
                INSERT INTO analysis.tomt_number AS t (kommunenummer, last_number) SELECT @k, highest.n + @n FROM highest
                ON CONFLICT (kommunenummer) DO UPDATE
                SET last_number = greatest(t.last_number, (SELECT n FROM highest)) + @n
                RETURNING last_number
                """;
            await using var number = new NpgsqlCommand(sql, connection);
            number.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
            number.Parameters.AddWithValue("n", unmatched.Length);
            first = (int)(await number.ExecuteScalarAsync(cancellationToken))! - unmatched.Length + 1;
        }
        var newIds = unmatched.Select((p, i) => (p, Id: $"{kommune}-{first + i:D4}")).ToDictionary(x => x.p, x => x.Id);
        var ids = parts.Select(p => byPart.TryGetValue(p, out var m) ? m.TomteId : newIds[p]).ToArray();
        var endringer = parts.Select(p => (byPart.TryGetValue(p, out var m) ? m.Unchanged ? Endring.Uendret : Endring.Endret : Endring.Ny).ToDatabase()).ToArray();
        return (parts.ToArray(), ids, endringer);
    }

    private const string WriteSql = """
        INSERT INTO analysis.tomt AS t (tomte_id, kommunenummer, geom, areal_daa, est_boliger, planstatus, endring, first_seen, last_seen,
                                        kilde_ids, arealformal, ma_vurderes, plansignaler, konflikter, hensynssoner,
                                        naermeste_stopp_m, naermeste_stopp, naermeste_vei_m, antall_teig, regulert_av, endring_at, run_id)
        SELECT x.id, @k, s.geom, round((s.areal / 1000)::numeric, 2), floor(s.areal / @m2)::int, s.planstatus, x.endring, @now, @now,
               s.kilde_ids, s.arealformal, s.ma_vurderes, s.plansignaler, s.konflikter, s.hensynssoner,
               round(s.naermeste_stopp_m::numeric, 1), s.naermeste_stopp, round(s.naermeste_vei_m::numeric, 1), s.antall_teig, NULL, @now, @run
        FROM site s
        JOIN unnest(@parts::int[], @ids::text[], @endringer::text[]) AS x(part_no, id, endring) ON x.part_no = s.part_no
        ON CONFLICT (tomte_id) DO UPDATE SET
            geom = EXCLUDED.geom, areal_daa = EXCLUDED.areal_daa, est_boliger = EXCLUDED.est_boliger, planstatus = EXCLUDED.planstatus,
            endring = EXCLUDED.endring, last_seen = EXCLUDED.last_seen, kilde_ids = EXCLUDED.kilde_ids, arealformal = EXCLUDED.arealformal,
            ma_vurderes = EXCLUDED.ma_vurderes, plansignaler = EXCLUDED.plansignaler, konflikter = EXCLUDED.konflikter,
            hensynssoner = EXCLUDED.hensynssoner, naermeste_stopp_m = EXCLUDED.naermeste_stopp_m, naermeste_stopp = EXCLUDED.naermeste_stopp,
            naermeste_vei_m = EXCLUDED.naermeste_vei_m, antall_teig = EXCLUDED.antall_teig, regulert_av = NULL,
            endring_at = CASE WHEN t.endring = EXCLUDED.endring THEN t.endring_at ELSE EXCLUDED.endring_at END,
            run_id = EXCLUDED.run_id
        """;

    /// <summary>
    /// Previous sites with no part now: 'regulert' when reguleringsplaner adopted since the last analysis (plan
    /// changes into an adopted status) cover at least half of it, otherwise 'borte' (the kommuneplan changed; a plan
    /// that only grazes a site taken out of housing does not make it regulert). Never deleted.
    /// </summary>
    private static async Task<(int Regulert, int Borte)> RetireAsync(
        NpgsqlConnection connection, string[] gone, Input input, AnalysisOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (gone.Length == 0)
        {
            return (0, 0);
        }
        const string sql = """
            UPDATE analysis.tomt t
            SET endring = CASE WHEN r.plans IS NULL THEN 'borte' ELSE 'regulert' END, regulert_av = r.plans, endring_at = @now, run_id = @run
            FROM (
                SELECT g.tomte_id, CASE WHEN ST_Area(ST_Intersection(g.geom, a.geom)) >= 0.5 * ST_Area(g.geom) THEN a.plans END AS plans
                FROM analysis.tomt g
                CROSS JOIN LATERAL (
                    SELECT array_agg(DISTINCT pc.planidentifikasjon ORDER BY pc.planidentifikasjon) AS plans, ST_UnaryUnion(ST_Collect(pc.geom)) AS geom
                    FROM ingest.plan_change pc
                    WHERE pc.dataset = 'rp-planomrade' AND pc.load_id > @since AND pc.change IN ('added', 'changed')
                      AND pc.new_planstatus = ANY(@adopted) AND (pc.old_planstatus IS NULL OR NOT pc.old_planstatus = ANY(@adopted))
                      AND pc.geom && g.geom AND ST_Relate(pc.geom, g.geom, '2********')
                ) a
                WHERE g.tomte_id = ANY(@gone)
            ) r
            WHERE t.tomte_id = r.tomte_id
            RETURNING t.endring
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("run", input.RunId);
        command.Parameters.AddWithValue("since", input.PreviousInputLoadId);
        command.Parameters.AddWithValue("adopted", settings.EffectiveVedtattPlanstatus.ToArray());
        command.Parameters.AddWithValue("gone", gone);
        var regulert = 0;
        var borte = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(0) == "regulert")
            {
                regulert++;
            }
            else
            {
                borte++;
            }
        }
        return (regulert, borte);
    }

    private sealed record Accounting(double Bolig, double Regulert, double Dropped, double Tomt);

    /// <summary>Records the kommune's analysis with its area accounting, and returns the accounting.</summary>
    private static async Task<Accounting> SaveStateAsync(NpgsqlConnection connection, Input input, int sites, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO analysis.kommune_state (kommunenummer, run_id, input_fingerprint, input_load_id, analyzed_at, site_count,
                                                bolig_areal_m2, regulert_areal_m2, dropped_areal_m2, tomt_areal_m2)
            SELECT @k, @run, @fingerprint, @load, @now, @sites, a.bolig, a.bolig - a.rest, a.dropped, a.tomt
            FROM (SELECT (SELECT bolig FROM part_accounting) AS bolig,
                         (SELECT rest FROM part_accounting) AS rest,
                         (SELECT dropped FROM part_accounting) AS dropped,
                         (SELECT coalesce(sum(areal), 0) FROM site) AS tomt) a
            ON CONFLICT (kommunenummer) DO UPDATE SET
                run_id = EXCLUDED.run_id, input_fingerprint = EXCLUDED.input_fingerprint, input_load_id = EXCLUDED.input_load_id,
                analyzed_at = EXCLUDED.analyzed_at, site_count = EXCLUDED.site_count, bolig_areal_m2 = EXCLUDED.bolig_areal_m2,
                regulert_areal_m2 = EXCLUDED.regulert_areal_m2, dropped_areal_m2 = EXCLUDED.dropped_areal_m2, tomt_areal_m2 = EXCLUDED.tomt_areal_m2
            RETURNING bolig_areal_m2, regulert_areal_m2, dropped_areal_m2, tomt_areal_m2
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, input.Kommunenummer);
        command.Parameters.AddWithValue("run", input.RunId);
        command.Parameters.AddWithValue("fingerprint", input.Fingerprint);
        command.Parameters.AddWithValue("load", input.InputLoadId);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("sites", sites);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Accounting(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, Action<NpgsqlCommand>? parameters = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        parameters?.Invoke(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Input the analysis cannot use; the message says which kommune, table and feature, in Norwegian.</summary>
public sealed class AnalysisInputException : Exception
{
    public AnalysisInputException()
    {
    }

    public AnalysisInputException(string message) : base(message)
    {
    }

    public AnalysisInputException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
