using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Owners;

/// <summary>
/// Which matrikkelenheter lie under each current site (<c>tomte owners parcels</c>, and the first step of
/// <c>tomte owners lookup</c>): the sites overlaid with ref.teig in PostGIS, written to owners.eiendom and
/// owners.tomt_eiendom in one transaction. Sites that are regulert or borte keep the parcels they had.
/// </summary>
public sealed class ParcelOverlay(NpgsqlDataSource dataSource, IOptions<OwnersOptions> options, TimeProvider time, ILogger<ParcelOverlay> logger)
{
    public sealed record Result(int Sites, int SitesWithParcels, int Parcels, int Links, int Slivers, long DurationMs);

    // Teiger are found by index, not by kommune, so a parcel across a kommune border is found from the site on either side;
    // its matrikkelnummer takes the kommune that published the teig. A teig's matrikkelnummertekst may list several
    // matrikkelenheter (a sameie): each of them gets the whole overlap, and the link says the teig is shared. Teiger of one
    // matrikkelenhet are unioned before measuring, so a teig published by two neighbouring kommuner is not counted twice.
    private const string OverlaySql = """
        CREATE TEMP TABLE parcel_overlay ON COMMIT DROP AS
        WITH site AS (
            SELECT tomte_id, geom, ST_Area(geom) AS site_m2
            FROM analysis.tomt
            WHERE endring IN ('ny', 'endret', 'uendret') AND (cardinality(@kommuner) = 0 OR kommunenummer = ANY (@kommuner))
              AND (@all_sites OR tomte_id = ANY (@sites))
        ), piece AS (
            SELECT s.tomte_id, s.site_m2, t.id AS teig_id, t.kommunenummer, t.gnr, t.bnr, t.fnr, t.snr, t.matrikkelnummertekst,
                   ST_CollectionExtract(ST_Intersection(t.geom, s.geom), 3) AS geom
            FROM site s
            JOIN ref.teig t ON t.geom && s.geom AND ST_Intersects(t.geom, s.geom)
        ), unit AS (
            SELECT p.tomte_id, p.site_m2, p.kommunenummer, u.gnr, u.bnr, u.fnr, u.snr, p.geom,
                   count(*) OVER (PARTITION BY p.tomte_id, p.teig_id) > 1 AS felles
            FROM piece p
            CROSS JOIN LATERAL (
                SELECT m[1]::integer AS gnr, m[2]::integer AS bnr, coalesce(m[3]::integer, 0) AS fnr, coalesce(m[4]::integer, 0) AS snr
                FROM regexp_matches(coalesce(p.matrikkelnummertekst, ''), '(\d+)/(\d+)(?:/(\d+))?(?:/(\d+))?', 'g') AS m
                UNION
                SELECT p.gnr, p.bnr, p.fnr, p.snr
                WHERE coalesce(p.matrikkelnummertekst, '') !~ '\d+/\d+'
            ) u
            WHERE NOT ST_IsEmpty(p.geom)
        )
        SELECT tomte_id, kommunenummer, gnr, bnr, fnr, snr,
               kommunenummer || '-' || gnr || '/' || bnr
                   || CASE WHEN snr > 0 THEN '/' || fnr || '/' || snr WHEN fnr > 0 THEN '/' || fnr ELSE '' END AS matrikkelnummer,
               bool_or(felles) AS felles_teig,
               ST_Area(ST_UnaryUnion(ST_Collect(geom))) AS overlapp_m2,
               min(site_m2) AS site_m2
        FROM unit
        GROUP BY tomte_id, kommunenummer, gnr, bnr, fnr, snr
        """;

    private const string WriteSql = """
        DELETE FROM owners.tomt_eiendom te
        USING analysis.tomt t
        WHERE te.tomte_id = t.tomte_id AND t.endring IN ('ny', 'endret', 'uendret')
          AND (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY (@kommuner))
          AND (@all_sites OR t.tomte_id = ANY (@sites));

        INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr, fnr, snr, oppdatert)
        SELECT DISTINCT ON (matrikkelnummer) matrikkelnummer, kommunenummer, gnr, bnr, fnr, snr, @now
        FROM parcel_overlay
        WHERE NOT (overlapp_m2 < @sliver_share * site_m2 AND overlapp_m2 < @sliver_m2)
        ORDER BY matrikkelnummer
        ON CONFLICT (matrikkelnummer) DO UPDATE SET oppdatert = excluded.oppdatert;

        -- andel_av_tomt keeps four decimals; a kept parcel never rounds to zero.
        INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt, overlapp_m2, felles_teig)
        SELECT tomte_id, matrikkelnummer, least(1, greatest(0.0001, round((overlapp_m2 / site_m2)::numeric, 4))), overlapp_m2, felles_teig
        FROM parcel_overlay
        WHERE NOT (overlapp_m2 < @sliver_share * site_m2 AND overlapp_m2 < @sliver_m2);
        """;

    private const string CountSql = """
        SELECT (SELECT count(*) FROM analysis.tomt WHERE endring IN ('ny', 'endret', 'uendret') AND (cardinality(@kommuner) = 0 OR kommunenummer = ANY (@kommuner))
                                                   AND (@all_sites OR tomte_id = ANY (@sites)))::integer,
               count(DISTINCT tomte_id) FILTER (WHERE kept)::integer,
               count(DISTINCT matrikkelnummer) FILTER (WHERE kept)::integer,
               count(*) FILTER (WHERE kept)::integer,
               count(*) FILTER (WHERE NOT kept)::integer
        FROM (SELECT tomte_id, matrikkelnummer, NOT (overlapp_m2 < @sliver_share * site_m2 AND overlapp_m2 < @sliver_m2) AS kept FROM parcel_overlay) o
        """;

    /// <param name="kommuner">Only sites in these kommuner; empty for every site.</param>
    /// <param name="sites">Only these sites (Tomte-IDs); null for every site in <paramref name="kommuner"/>.</param>
    public async Task<Result> RunAsync(IReadOnlyCollection<string> kommuner, CancellationToken cancellationToken, IReadOnlyCollection<string>? sites = null)
    {
        var scope = new Scope(kommuner.ToArray(), sites?.ToArray());
        var stopwatch = Stopwatch.StartNew();
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var overlay = new NpgsqlCommand(OverlaySql, connection, transaction))
        {
            scope.AddTo(overlay);
            await overlay.ExecuteNonQueryAsync(cancellationToken);
        }

        Result result;
        await using (var count = new NpgsqlCommand(CountSql, connection, transaction))
        {
            AddParameters(count, scope, settings);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            result = new Result(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), 0);
        }

        await using (var write = new NpgsqlCommand(WriteSql, connection, transaction))
        {
            AddParameters(write, scope, settings);
            write.Parameters.AddWithValue("now", time.GetUtcNow());
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        result = result with { DurationMs = stopwatch.ElapsedMilliseconds };
        logger.ParcelsOverlaid(result.Sites, result.Parcels, result.Links, result.Slivers, result.DurationMs);
        return result;
    }

    private static void AddParameters(NpgsqlCommand command, Scope scope, OwnersOptions settings)
    {
        scope.AddTo(command);
        command.Parameters.AddWithValue("sliver_share", settings.SliverShare);
        command.Parameters.AddWithValue("sliver_m2", settings.SliverAreaM2);
    }

    /// <summary>Which sites a run covers: <c>@kommuner</c> (empty for all), and <c>@sites</c> unless <c>@all_sites</c>.</summary>
    private sealed record Scope(string[] Kommuner, string[]? Sites)
    {
        public void AddTo(NpgsqlCommand command)
        {
            command.Parameters.AddWithValue("kommuner", Kommuner);
            command.Parameters.AddWithValue("all_sites", Sites is null);
            command.Parameters.AddWithValue("sites", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Sites ?? []);
        }
    }
}
