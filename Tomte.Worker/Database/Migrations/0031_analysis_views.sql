-- Plain PostGIS views for analysts, to add in QGIS (Layer > Add PostGIS layers; key column first, geometry in
-- EPSG:25833 with its type declared so QGIS needs no guessing). `tomte export` writes the same views as GeoPackage
-- or GeoJSON layers, so the file and the database show the same columns. Column names are Norwegian and ASCII.
-- The plan code filters below are the analysis defaults (Tomte:Analysis); the sites themselves follow the settings.

-- Every site, current or gone, with every attribute flattened into plain columns (QGIS shows jsonb as text).
-- Overlap shares are 0..1 per constraint kind and hensynssone kind; 0 where the site meets none.
CREATE VIEW analysis.v_tomter_alle AS
SELECT t.tomte_id,
       t.kommunenummer::text AS kommunenummer,
       k.navn AS kommunenavn,
       t.areal_daa,
       t.est_boliger,
       t.score,
       t.endring,
       t.endring_at,
       t.ma_vurderes,
       t.planstatus,
       array_to_string(t.arealformal, ', ') AS arealformal,
       array_to_string(t.kilde_ids, ', ') AS kilde_ids,
       jsonb_array_length(t.plansignaler) > 0 AS noen_planlegger_her,
       (SELECT string_agg(concat_ws(' ', s ->> 'planidentifikasjon', s ->> 'plannavn',
                                    '(' || (s ->> 'kilde') || ', planstatus ' || coalesce(s ->> 'planstatus', '?') || ')'), '; ')
        FROM jsonb_array_elements(t.plansignaler) s) AS plansignaler,
       coalesce((t.konflikter ->> 'verneomrade')::numeric, 0) AS andel_verneomrade,
       coalesce((t.konflikter ->> 'flomsone')::numeric, 0) AS andel_flomsone,
       coalesce((t.konflikter ->> 'kvikkleire')::numeric, 0) AS andel_kvikkleire,
       coalesce((t.konflikter ->> 'dyrka_mark')::numeric, 0) AS andel_dyrka_mark,
       coalesce((t.konflikter ->> 'kulturminne')::numeric, 0) AS andel_kulturminne,
       coalesce((t.hensynssoner ->> 'angitt hensyn')::numeric, 0) AS andel_hensyn_angitt,
       coalesce((t.hensynssoner ->> 'båndlegging')::numeric, 0) AS andel_hensyn_bandlegging,
       coalesce((t.hensynssoner ->> 'detaljering')::numeric, 0) AS andel_hensyn_detaljering,
       coalesce((t.hensynssoner ->> 'fare')::numeric, 0) AS andel_hensyn_fare,
       coalesce((t.hensynssoner ->> 'gjennomføring')::numeric, 0) AS andel_hensyn_gjennomforing,
       coalesce((t.hensynssoner ->> 'infrastruktur')::numeric, 0) AS andel_hensyn_infrastruktur,
       coalesce((t.hensynssoner ->> 'sikring')::numeric, 0) AS andel_hensyn_sikring,
       coalesce((t.hensynssoner ->> 'støy')::numeric, 0) AS andel_hensyn_stoy,
       t.naermeste_stopp_m,
       t.naermeste_stopp,
       t.antall_teig,
       array_to_string(t.regulert_av, ', ') AS regulert_av,
       t.first_seen AS forst_sett,
       t.last_seen AS sist_sett,
       t.geom
FROM analysis.tomt t
LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer;

-- The current sites: what the analysis finds today.
CREATE VIEW analysis.v_tomter AS
SELECT * FROM analysis.v_tomter_alle WHERE endring <> 'borte';

-- Sites that are gone (regulated away, removed from the kommuneplan): kept so history can point at them.
CREATE VIEW analysis.v_tomter_borte AS
SELECT * FROM analysis.v_tomter_alle WHERE endring = 'borte';

-- Constraint layers, one view per kind.
CREATE VIEW analysis.v_verneomrader AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, name AS navn, geom FROM ref.constraint_area WHERE kind = 'verneomrade';

CREATE VIEW analysis.v_flomsoner AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, name AS navn, geom FROM ref.constraint_area WHERE kind = 'flomsone';

CREATE VIEW analysis.v_kvikkleire AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, name AS navn, geom FROM ref.constraint_area WHERE kind = 'kvikkleire';

CREATE VIEW analysis.v_dyrka_mark AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, name AS navn, geom FROM ref.constraint_area WHERE kind = 'dyrka_mark';

CREATE VIEW analysis.v_kulturminner AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, name AS navn, geom FROM ref.constraint_area WHERE kind = 'kulturminne';

CREATE VIEW analysis.v_hensynssoner AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, plannivå AS plannivaa, planidentifikasjon, kind AS hensyn, code AS kode, geom
FROM plan.hensynssone;

-- Adopted reguleringsplaner (planstatus 3 endelig vedtatt, 6 vedtatt med utsatt rettsvirkning): what the analysis subtracts
-- when they lie on the ground (vertikalnivå 2) or have no vertical level.
CREATE VIEW analysis.v_vedtatte_reguleringsplaner AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, planidentifikasjon, plannavn, plantype, planstatus, vertikalniva,
       ikrafttredelsesdato, geom
FROM plan.rp_planomrade
WHERE planstatus IN (3, 6);

-- Planning in progress (reguleringsplaner igangsatt/forslag and planlegging igangsatt): "noen andre planlegger her".
CREATE VIEW analysis.v_planarbeid AS
SELECT 'rp-' || id AS id, kommunenummer::text AS kommunenummer, 'reguleringsplan' AS kilde, source_id AS kilde_id, planidentifikasjon, plannavn, planstatus, geom
FROM plan.rp_planomrade
WHERE planstatus IN (1, 2)
UNION ALL
SELECT 'pi-' || id, kommunenummer::text, 'planlegging_igangsatt', source_id, planidentifikasjon, plannavn, planstatus, geom
FROM plan.planlegging_igangsatt;

-- The kommuneplan's housing land the analysis starts from (1110 boligbebyggelse; 1130 sentrum and 1800 kombinert "må vurderes").
CREATE VIEW analysis.v_kommuneplan_bolig AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, planidentifikasjon, arealformal, arealbruksstatus, beskrivelse,
       arealformal IN (1130, 1800) AS ma_vurderes, geom
FROM plan.kp_arealformal
WHERE arealformal IN (1110, 1130, 1800) AND arealbruksstatus = 2;
