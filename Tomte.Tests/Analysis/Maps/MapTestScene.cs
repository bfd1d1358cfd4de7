using Tomte.Tests.Analysis.Scoring;
using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Analysis.Maps;

/// <summary>
/// One synthetic site, 3218-0001 (200 × 150 m), with one of everything its map shows around it: a flomsone over its
/// north-east corner, an adopted reguleringsplan to the west, a notice of planning start to the south-east, two
/// teiger, a public and a private road, and a stop.
/// </summary>
internal static class MapTestScene
{
    public const double X = 260_000, Y = 6_620_000;

    public static async Task InsertAsync(PostgisDatabase database)
    {
        await ScoringTestSites.InsertSiteAsync(database, "3218-0001", X, Y, 0);
        await ScoringTestSites.ExecuteAsync(database, """
            UPDATE analysis.tomt SET geom = ST_Multi(ST_MakeEnvelope(260000, 6620000, 260200, 6620150, 25833)), areal_daa = 30, est_boliger = 75
            WHERE tomte_id = '3218-0001';
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, outcome) VALUES ('test', '3218', 'file', 'test', now(), 'loaded');
            INSERT INTO ref.constraint_area (load_id, kommunenummer, kind, source_id, name, geom)
            SELECT max(load_id), '3218', 'flomsone', 'f-1', 'Syntetisk flomsone', ST_Multi(ST_MakeEnvelope(260150, 6620100, 260300, 6620250, 25833)) FROM ingest.load;
            INSERT INTO plan.rp_planomrade (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, planstatus, geom)
            SELECT max(load_id), '3218', 'rp-1', 'R-2020-01', 'Syntetisk boligfelt', 3, ST_Multi(ST_MakeEnvelope(259700, 6619900, 259950, 6620150, 25833)) FROM ingest.load;
            INSERT INTO plan.planlegging_igangsatt (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, planstatus, geom)
            SELECT max(load_id), '3218', 'pi-1', 'R-2026-07', 'Syntetisk oppstart', 1, ST_Multi(ST_MakeEnvelope(260250, 6619850, 260400, 6619980, 25833)) FROM ingest.load;
            INSERT INTO ref.teig (load_id, kommunenummer, source_id, gnr, bnr, geom)
            SELECT max(load_id), '3218', t.id, 55, t.bnr, ST_Multi(t.geom) FROM ingest.load,
                   (VALUES ('t-1', 1, ST_MakeEnvelope(259990, 6619990, 260060, 6620160, 25833)),
                           ('t-2', 2, ST_MakeEnvelope(260060, 6619990, 260210, 6620160, 25833))) t(id, bnr, geom)
            GROUP BY t.id, t.bnr, t.geom;
            INSERT INTO ref.road (load_id, kommunenummer, source_id, vegkategori, vegnummer, geom)
            SELECT max(load_id), '3218', r.id, r.kategori, r.nummer, ST_Multi(ST_GeomFromText(r.wkt, 25833)) FROM ingest.load,
                   (VALUES ('v-1', 'K', 1234, 'LINESTRING(259800 6619960, 260400 6619960)'),
                           ('v-2', 'P', NULL, 'LINESTRING(260100 6619960, 260100 6619880)')) r(id, kategori, nummer, wkt)
            GROUP BY r.id, r.kategori, r.nummer, r.wkt;
            INSERT INTO ref.stop_place (load_id, kommunenummer, source_id, name, transport_mode, geom)
            SELECT max(load_id), '3218', 's-1', 'Syntetisk holdeplass Testveien', 'bus', ST_SetSRID(ST_MakePoint(260230, 6619990), 25833) FROM ingest.load;
            """);
    }
}
