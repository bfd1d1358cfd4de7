-- Core schemas and tables implied by the data flow in DESIGN.md.
-- Later migrations refine them; a shipped migration is never edited.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE SCHEMA IF NOT EXISTS ingest;    -- load records and change detection
CREATE SCHEMA IF NOT EXISTS plan;      -- kommuneplan / reguleringsplan layers
CREATE SCHEMA IF NOT EXISTS ref;       -- reference layers: borders, parcels, constraints, stops
CREATE SCHEMA IF NOT EXISTS analysis;  -- candidates (tomter) and their scores
CREATE SCHEMA IF NOT EXISTS owners;    -- parcels (eiendommer) and owners (grunneiere)
CREATE SCHEMA IF NOT EXISTS airtable;  -- key <-> record-id crosswalk and read-back state
CREATE SCHEMA IF NOT EXISTS outreach;  -- outbox and suppression
CREATE SCHEMA IF NOT EXISTS ops;       -- job runs

-- One row per load attempt of one dataset for one kommune (or the whole country).
CREATE TABLE ingest.load (
    load_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset        text        NOT NULL,
    kommunenummer  char(4),
    source_kind    text        NOT NULL CHECK (source_kind IN ('ogcapi', 'wfs', 'file')),
    source         text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    feature_count  integer,
    checksum       text,
    duration_ms    bigint,
    outcome        text        NOT NULL DEFAULT 'running'
                   CHECK (outcome IN ('running', 'loaded', 'unchanged', 'failed')),
    error          text
);
CREATE INDEX load_dataset_kommune_idx ON ingest.load (dataset, kommunenummer, started_at DESC);

CREATE TABLE ref.kommune (
    kommunenummer  char(4) PRIMARY KEY CHECK (kommunenummer ~ '^[0-9]{4}$'),
    navn           text NOT NULL,
    geom           geometry(MultiPolygon, 25833)
);
CREATE INDEX kommune_geom_idx ON ref.kommune USING gist (geom);

-- Candidates: KOMMUNEPLAN BOLIG minus VEDTATT REGULERINGSPLAN.
CREATE TABLE analysis.tomt (
    tomte_id       text PRIMARY KEY CHECK (tomte_id ~ '^[0-9]{4}-[0-9]{4,}$'),
    kommunenummer  char(4)     NOT NULL,
    geom           geometry(MultiPolygon, 25833) NOT NULL,
    areal_daa      numeric(12, 2) NOT NULL,
    est_boliger    integer,
    score          numeric(5, 1) CHECK (score BETWEEN 0 AND 100),
    planstatus     text,
    endring        text CHECK (endring IN ('ny', 'endret', 'regulert', 'borte')),
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL
);
CREATE INDEX tomt_geom_idx ON analysis.tomt USING gist (geom);

-- Tomte-IDs are numbered per kommune and never reused.
CREATE TABLE analysis.tomt_number (
    kommunenummer  char(4) PRIMARY KEY,
    last_number    integer NOT NULL
);

-- One row per score component, so every score can be explained.
CREATE TABLE analysis.score_component (
    tomte_id     text    NOT NULL REFERENCES analysis.tomt (tomte_id) ON DELETE CASCADE,
    component    text    NOT NULL,
    raw_value    numeric,
    weight       numeric NOT NULL,
    points       numeric NOT NULL,
    explanation  text    NOT NULL,
    PRIMARY KEY (tomte_id, component)
);

CREATE TABLE owners.eiendom (
    matrikkelnummer text PRIMARY KEY CHECK (matrikkelnummer ~ '^[0-9]{4}-[0-9]+/[0-9]+(/[0-9]+)?(/[0-9]+)?$'),
    kommunenummer   char(4) NOT NULL,
    gnr             integer NOT NULL,
    bnr             integer NOT NULL,
    fnr             integer NOT NULL DEFAULT 0,
    snr             integer NOT NULL DEFAULT 0
);

CREATE TABLE owners.tomt_eiendom (
    tomte_id        text NOT NULL REFERENCES analysis.tomt (tomte_id) ON DELETE CASCADE,
    matrikkelnummer text NOT NULL REFERENCES owners.eiendom (matrikkelnummer),
    andel_av_tomt   numeric(6, 4) NOT NULL CHECK (andel_av_tomt > 0 AND andel_av_tomt <= 1),
    PRIMARY KEY (tomte_id, matrikkelnummer)
);

-- Every owner records where the data came from, on what legal basis, and when.
CREATE TABLE owners.grunneier (
    eier_id             text PRIMARY KEY,
    navn                text NOT NULL,
    type                text NOT NULL CHECK (type IN ('person', 'organisasjon')),
    organisasjonsnummer text,
    adresse             text,
    postnummer          text,
    poststed            text,
    epost               text,
    telefon             text,
    kilde               text NOT NULL,
    rettslig_grunnlag   text NOT NULL,
    hentet_dato         date NOT NULL
);

CREATE TABLE owners.eierskap (
    eier_id         text NOT NULL REFERENCES owners.grunneier (eier_id) ON DELETE CASCADE,
    matrikkelnummer text NOT NULL REFERENCES owners.eiendom (matrikkelnummer),
    andel           text,
    PRIMARY KEY (eier_id, matrikkelnummer)
);

-- Airtable record ids for our keys; content_hash lets sync send only what changed.
CREATE TABLE airtable.record_map (
    table_name     text NOT NULL,
    record_key     text NOT NULL,
    record_id      text NOT NULL CHECK (record_id ~ '^rec[A-Za-z0-9]{14}$'),
    content_hash   text,
    synced_at      timestamptz NOT NULL,
    discarded_at   timestamptz,
    PRIMARY KEY (table_name, record_key),
    UNIQUE (table_name, record_id)
);

-- Each (owner, step) exists once; the unique key is what makes a send happen at most once.
CREATE TABLE outreach.outbox (
    outbox_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    eier_id      text        NOT NULL REFERENCES owners.grunneier (eier_id),
    step         text        NOT NULL,
    channel      text        NOT NULL CHECK (channel IN ('post', 'epost', 'telefon')),
    due_at       timestamptz NOT NULL,
    status       text        NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
    reason       text,
    message_id   text,
    document     text,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (eier_id, step)
);

-- Who must not be contacted, and why (opt-out, Reservasjonsregisteret, erasure).
CREATE TABLE outreach.suppression (
    suppression_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    eier_id        text,
    epost          text,
    telefon        text,
    reason         text        NOT NULL CHECK (reason IN ('opt_out', 'reservert', 'gdpr_sletting')),
    source         text        NOT NULL,
    created_at     timestamptz NOT NULL,
    CHECK (eier_id IS NOT NULL OR epost IS NOT NULL OR telefon IS NOT NULL)
);

-- One row per job execution, written by the Quartz listener; feeds Systemstatus.
CREATE TABLE ops.job_run (
    job_run_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name          text        NOT NULL,
    fire_instance_id  text        NOT NULL UNIQUE,
    instance_name     text        NOT NULL,
    scheduled_at      timestamptz,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    outcome           text        NOT NULL DEFAULT 'running'
                      CHECK (outcome IN ('running', 'succeeded', 'failed')),
    error             text
);
CREATE INDEX job_run_name_started_idx ON ops.job_run (job_name, started_at DESC);
