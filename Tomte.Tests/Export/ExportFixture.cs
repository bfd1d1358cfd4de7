using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Export;

/// <summary>
/// A small, hand-made state to export: two kommuner, sites with every attribute set (one gone), each constraint kind,
/// hensynssoner, adopted and proposed reguleringsplaner (one with a hole, one in two parts), planning notices and
/// kommuneplan polygons. Shapes are plain so their areas are known: the export must keep them exactly.
/// </summary>
public static class ExportFixture
{
    public static async Task LoadAsync(PostgisDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, outcome)
            VALUES ('test', NULL, 'file', 'export-fixture', '2026-01-05T08:00:00Z', '2026-01-05T08:00:01Z', 'loaded');

            INSERT INTO ref.kommune (kommunenummer, navn, geom, load_id, source_id) VALUES
                ('3218', 'Ås', ST_Multi(ST_MakeEnvelope(257500, 6621000, 268500, 6630000, 25833)), 1, 'k-3218'),
                ('3207', 'Nordre Follo', ST_Multi(ST_MakeEnvelope(260000, 6631000, 273500, 6643500, 25833)), 1, 'k-3207');

            INSERT INTO ref.constraint_area (load_id, kommunenummer, kind, source_id, name, geom) VALUES
                (1, '3218', 'verneomrade', 'v-1', 'Syntetisk naturreservat', ST_Multi(ST_MakeEnvelope(258000, 6622000, 258300, 6622200, 25833))),
                (1, '3218', 'flomsone', 'f-1', 'Syntetisk flomsone', ST_Multi(ST_MakeEnvelope(259000, 6622000, 259100, 6622500, 25833))),
                (1, '3207', 'flomsone', 'f-2', NULL, ST_Multi(ST_MakeEnvelope(261000, 6632000, 261050, 6632100, 25833))),
                (1, '3218', 'kvikkleire', 'q-1', 'Syntetisk kvikkleiresone', ST_Multi(ST_MakeEnvelope(260000, 6622000, 260400, 6622400, 25833))),
                (1, '3218', 'dyrka_mark', 'd-1', NULL, ST_Multi(ST_MakeEnvelope(261000, 6622000, 261200, 6622100, 25833))),
                (1, '3218', 'kulturminne', 'c-1', 'Syntetisk gravhaug', ST_Multi(ST_Buffer(ST_Point(262000, 6622000, 25833), 20)));

            INSERT INTO plan.hensynssone (load_id, kommunenummer, source_id, plannivå, planidentifikasjon, kind, code, geom) VALUES
                (1, '3218', 'h-1', 'KP', '3218KP2024', 'støy', 210, ST_Multi(ST_MakeEnvelope(263000, 6622000, 263500, 6622050, 25833)));

            INSERT INTO plan.rp_planomrade (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, plantype, planstatus, vertikalniva, ikrafttredelsesdato, geom) VALUES
                (1, '3218', 'rp-1', 'R-1', 'Syntetisk boligfelt med park', 35, 3, 2, '2019-05-02',
                 ST_Multi(ST_Difference(ST_MakeEnvelope(264000, 6622000, 264400, 6622300, 25833), ST_MakeEnvelope(264100, 6622100, 264200, 6622200, 25833)))),
                (1, '3218', 'rp-2', 'R-2', 'Syntetisk områderegulering i to deler', 34, 6, NULL, '2021-11-30',
                 ST_Collect(ST_MakeEnvelope(265000, 6622000, 265100, 6622100, 25833), ST_MakeEnvelope(265200, 6622000, 265260, 6622050, 25833))),
                (1, '3218', 'rp-3', 'R-3', 'Syntetisk planforslag', 35, 2, 2, NULL, ST_Multi(ST_MakeEnvelope(266000, 6622000, 266100, 6622100, 25833))),
                (1, '3207', 'rp-4', 'R-4', 'Syntetisk eldre plan', 35, 3, 1, '1988-03-01', ST_Multi(ST_MakeEnvelope(262000, 6632000, 262100, 6632100, 25833)));

            INSERT INTO plan.planlegging_igangsatt (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, planstatus, geom) VALUES
                (1, '3218', 'pi-1', 'P-1', 'Syntetisk varsel om oppstart', 1, ST_Multi(ST_MakeEnvelope(267000, 6622000, 267080, 6622080, 25833)));

            INSERT INTO plan.kp_arealformal (load_id, kommunenummer, source_id, planidentifikasjon, arealformal, arealbruksstatus, beskrivelse, geom) VALUES
                (1, '3218', 'kp-1', '3218KP2024', 1110, 2, 'Boligbebyggelse, framtidig', ST_Multi(ST_MakeEnvelope(258000, 6625000, 258600, 6625400, 25833))),
                (1, '3218', 'kp-2', '3218KP2024', 1800, 2, 'Kombinert formål', ST_Multi(ST_MakeEnvelope(259000, 6625000, 259200, 6625100, 25833))),
                (1, '3218', 'kp-3', '3218KP2024', 5100, 2, 'LNF', ST_Multi(ST_MakeEnvelope(260000, 6625000, 261000, 6626000, 25833)));

            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, planstatus, endring, first_seen, last_seen,
                                       kilde_ids, arealformal, ma_vurderes, plansignaler, konflikter, hensynssoner, naermeste_stopp_m,
                                       naermeste_stopp, antall_teig, regulert_av, endring_at) VALUES
                ('3218-0001', '3218', ST_Multi(ST_Difference(ST_MakeEnvelope(258000, 6625000, 258600, 6625400, 25833), ST_MakeEnvelope(258200, 6625100, 258300, 6625200, 25833))),
                 230.00, 575, 72.5, NULL, 'ny', '2026-01-05T08:00:00Z', '2026-02-05T08:00:00Z',
                 '{kp-1}', '{1110}', false,
                 '[{"kilde": "reguleringsplan", "planidentifikasjon": "R-3", "plannavn": "Syntetisk planforslag", "planstatus": 2}]',
                 '{"flomsone": 0.12, "dyrka_mark": 0.5}', '{"støy": 0.25}', 340.5, 'Syntetisk holdeplass Ås 1', 7, NULL, '2026-01-05T08:00:00Z'),
                ('3218-0002', '3218', ST_Collect(ST_MakeEnvelope(259000, 6625000, 259200, 6625100, 25833), ST_MakeEnvelope(259300, 6625000, 259340, 6625050, 25833)),
                 22.00, 55, NULL, 'må vurderes (1800)', 'endret', '2026-01-05T08:00:00Z', '2026-02-05T08:00:00Z',
                 '{kp-2}', '{1800}', true, '[]', '{}', '{}', NULL, NULL, 2, NULL, '2026-02-05T08:00:00Z'),
                ('3218-0003', '3218', ST_Multi(ST_MakeEnvelope(264000, 6622000, 264400, 6622300, 25833)),
                 120.00, 300, NULL, NULL, 'borte', '2025-12-05T08:00:00Z', '2026-01-05T08:00:00Z',
                 '{kp-9}', '{1110}', false, '[]', '{}', '{}', 120.0, 'Syntetisk holdeplass Ås 2', 3, '{R-1}', '2026-02-05T08:00:00Z'),
                ('3207-0001', '3207', ST_Multi(ST_MakeEnvelope(263000, 6633000, 263100, 6633050, 25833)),
                 5.00, 12, NULL, NULL, 'uendret', '2026-01-05T08:00:00Z', '2026-02-05T08:00:00Z',
                 '{kp-3207-1}', '{1110}', false, '[]', '{"kulturminne": 0.01}', '{}', 45.0, 'Syntetisk holdeplass Nordre Follo 1', 1, NULL, '2026-01-05T08:00:00Z');

            UPDATE analysis.tomt SET naermeste_vei_m = 85.5 WHERE tomte_id = '3218-0001';

            INSERT INTO ref.road (load_id, kommunenummer, source_id, vegkategori, vegnummer, geom) VALUES
                (1, '3218', 'veg-1', 'K', 1001, ST_Multi(ST_MakeLine(ST_Point(258000, 6624900, 25833), ST_Point(258600, 6624900, 25833)))),
                (1, '3218', 'veg-2', 'P', NULL, ST_Collect(ST_MakeLine(ST_Point(259000, 6624800, 25833), ST_Point(259000, 6625000, 25833)),
                                                           ST_MakeLine(ST_Point(259100, 6624800, 25833), ST_Point(259100, 6624950, 25833)))),
                (1, '3207', 'veg-3', 'E', 6, ST_Multi(ST_MakeLine(ST_Point(263000, 6632000, 25833), ST_Point(263000, 6634000, 25833))));
            """);
        await command.ExecuteNonQueryAsync();
    }
}
