-- Roads (dataset "veg", ref.road of migration 0040) arrive as lines: the staging trigger learns a 'line' kind,
-- ingest.load learns NVDB as a source kind, and the export gets a veger layer and the road distance per site.

ALTER TABLE ingest.load DROP CONSTRAINT load_source_kind_check;
ALTER TABLE ingest.load ADD CONSTRAINT load_source_kind_check CHECK (source_kind IN ('ogcapi', 'wfs', 'file', 'nvdb'));

-- As in 0011, plus 'line': NVDB delivers 3D LINESTRING Z in EPSG:5973; the table is 2D, so Z is dropped here.
-- A line is kept as a MultiLineString, NULL when nothing of it is left (empty or zero length).
CREATE OR REPLACE FUNCTION ingest.clean_staged_row() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    g geometry := ST_Transform(ST_Force2D(ST_GeomFromEWKB(NEW.ewkb)), 25833);
    min_area double precision := TG_ARGV[1]::double precision;
    min_width double precision := TG_ARGV[2]::double precision;
BEGIN
    NEW.ewkb := NULL;
    NEW.repaired := false;
    IF TG_ARGV[0] = 'point' THEN
        NEW.geom := ST_GeometryN(ST_Multi(ST_CollectionExtract(g, 1)), 1);
        RETURN NEW;
    END IF;
    IF TG_ARGV[0] = 'line' THEN
        g := ST_Multi(ST_CollectionExtract(g, 2));
        NEW.geom := CASE WHEN ST_IsEmpty(g) OR ST_Length(g) = 0 THEN NULL ELSE g END;
        RETURN NEW;
    END IF;
    IF ST_IsValid(g) THEN
        g := ST_Multi(ST_CollectionExtract(g, 3));
    ELSE
        NEW.repaired := true;
        g := ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3));
    END IF;
    IF ST_IsEmpty(g) OR ST_Area(g) < min_area OR 2 * ST_Area(g) / NULLIF(ST_Perimeter(g), 0) < min_width THEN
        NEW.geom := NULL;
    ELSE
        NEW.geom := g;
    END IF;
    RETURN NEW;
END;
$$;

-- The road network for QGIS and the export's veger layer; offentlig = E/R/F/K, the roads the site distance uses.
CREATE VIEW analysis.v_veger AS
SELECT id, kommunenummer::text AS kommunenummer, source_id AS kilde_id, vegkategori::text AS vegkategori, vegnummer,
       vegkategori IN ('E', 'R', 'F', 'K') AS offentlig, round(ST_Length(geom)::numeric, 1) AS lengde_m, geom
FROM ref.road;

-- The distance to the nearest public road joins the site layers (appended: a replaced view keeps its columns' order).
CREATE OR REPLACE VIEW analysis.v_tomter_alle AS
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
       t.geom,
       t.naermeste_vei_m
FROM analysis.tomt t
LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer;

CREATE OR REPLACE VIEW analysis.v_tomter AS
SELECT * FROM analysis.v_tomter_alle WHERE endring <> 'borte';

CREATE OR REPLACE VIEW analysis.v_tomter_borte AS
SELECT * FROM analysis.v_tomter_alle WHERE endring = 'borte';
