-- Inputs of the score, written by other steps and read by the scoring:
-- roads (ingest dataset "veg"), the nearest public road per site (analysis),
-- and SSB indicators per kommune (the SSB client).

CREATE TABLE ref.road (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id        bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer  char(4) NOT NULL,
    source_id      text    NOT NULL,
    -- NVDB vegkategori: E/R/F/K are public roads, P private, S forest roads.
    vegkategori    char(1) NOT NULL CHECK (vegkategori IN ('E', 'R', 'F', 'K', 'P', 'S')),
    vegnummer      integer,
    geom           geometry(MultiLineString, 25833) NOT NULL
);
CREATE INDEX road_kommune_idx ON ref.road (kommunenummer);
CREATE INDEX road_geom_idx ON ref.road USING gist (geom);

-- Distance to the nearest public road (E, R, F, K); null when no road is loaded for the kommune.
ALTER TABLE analysis.tomt ADD COLUMN naermeste_vei_m numeric(10, 1);

CREATE SCHEMA IF NOT EXISTS ssb;

-- One row per kommune (current number); every value nullable because SSB marks missing cells.
CREATE TABLE ssb.kommune_indikator (
    kommunenummer        char(4) PRIMARY KEY CHECK (kommunenummer ~ '^[0-9]{4}$'),
    folketall            integer,
    folketall_ar         smallint,
    vekst_5ar_pct        numeric(6, 2),
    framskrevet_2030     integer,
    framskrevet_2040     integer,
    framskriving_tabell  text,
    boligstart           integer,
    boligstart_ar        smallint,
    median_inntekt       integer,
    inntekt_ar           smallint,
    -- SSB sentralitetsindeks class, 1 most central .. 6 least central.
    sentralitet          smallint CHECK (sentralitet BETWEEN 1 AND 6),
    oppdatert            timestamptz NOT NULL
);
