-- Plan and reference layers, one table per dataset, all in EPSG:25833.
-- Each row points at the load that brought it, so a (dataset, kommune) can be swapped atomically.

CREATE TABLE plan.kp_arealformal (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    planidentifikasjon   text,
    arealformal          integer NOT NULL,
    arealbruksstatus     integer,
    beskrivelse          text,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX kp_arealformal_kommune_idx ON plan.kp_arealformal (kommunenummer);
CREATE INDEX kp_arealformal_geom_idx ON plan.kp_arealformal USING gist (geom);

CREATE TABLE plan.kp_planomrade (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    planidentifikasjon   text    NOT NULL,
    plannavn             text,
    plantype             integer,
    planstatus           integer NOT NULL,
    ikrafttredelsesdato  date,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX kp_planomrade_kommune_idx ON plan.kp_planomrade (kommunenummer);
CREATE INDEX kp_planomrade_geom_idx ON plan.kp_planomrade USING gist (geom);

CREATE TABLE plan.rp_planomrade (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    planidentifikasjon   text    NOT NULL,
    plannavn             text,
    plantype             integer,
    planstatus           integer NOT NULL,
    vertikalniva         integer,
    ikrafttredelsesdato  date,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX rp_planomrade_kommune_idx ON plan.rp_planomrade (kommunenummer);
CREATE INDEX rp_planomrade_geom_idx ON plan.rp_planomrade USING gist (geom);

CREATE TABLE plan.hensynssone (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    plannivå             text    NOT NULL CHECK (plannivå IN ('KP', 'RP')),
    planidentifikasjon   text,
    kind                 text    NOT NULL,
    code                 integer,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX hensynssone_geom_idx ON plan.hensynssone USING gist (geom);

CREATE TABLE plan.planlegging_igangsatt (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    planidentifikasjon   text,
    plannavn             text,
    planstatus           integer,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX planlegging_igangsatt_geom_idx ON plan.planlegging_igangsatt USING gist (geom);

CREATE TABLE ref.teig (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    gnr                  integer NOT NULL,
    bnr                  integer NOT NULL,
    fnr                  integer NOT NULL DEFAULT 0,
    snr                  integer NOT NULL DEFAULT 0,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX teig_kommune_idx ON ref.teig (kommunenummer);
CREATE INDEX teig_geom_idx ON ref.teig USING gist (geom);

-- Constraints share one table; kind says which register (verneområde, flomsone, ...).
CREATE TABLE ref.constraint_area (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    kind                 text    NOT NULL CHECK (kind IN ('verneomrade', 'flomsone', 'kvikkleire', 'dyrka_mark', 'kulturminne')),
    source_id            text    NOT NULL,
    name                 text,
    geom                 geometry(MultiPolygon, 25833) NOT NULL
);
CREATE INDEX constraint_area_kind_idx ON ref.constraint_area (kind, kommunenummer);
CREATE INDEX constraint_area_geom_idx ON ref.constraint_area USING gist (geom);

CREATE TABLE ref.stop_place (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id              bigint  NOT NULL REFERENCES ingest.load (load_id),
    kommunenummer        char(4) NOT NULL,
    source_id            text    NOT NULL,
    name                 text,
    transport_mode       text,
    geom                 geometry(Point, 25833) NOT NULL
);
CREATE INDEX stop_place_geom_idx ON ref.stop_place USING gist (geom);
