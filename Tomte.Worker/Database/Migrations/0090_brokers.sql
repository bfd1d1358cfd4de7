-- Brokers' tips (issue 14): sites the team and brokers bring, assessed on request with the analysis' own SQL.
CREATE SCHEMA IF NOT EXISTS brokers;

-- Ids Tomte gives the records the team creates in Airtable (Megler-ID M-0001, Innspill-ID I-0001); never reused.
CREATE SEQUENCE brokers.megler_nr;
CREATE SEQUENCE brokers.innspill_nr;

-- One row per tip: what the team entered (as last assessed), the outcome, and the assessment's fields.
-- status 'vurdert' carries the assessment; 'feil' carries only melding, the Norwegian reason, and nothing else.
CREATE TABLE brokers.innspill (
    innspill_id      text PRIMARY KEY CHECK (innspill_id ~ '^I-[0-9]{4,}$'),
    megler_id        text,
    input_text       text        NOT NULL,
    input_hash       text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('vurdert', 'feil')),
    melding          text,
    kommunenummer    char(4),
    geom             geometry(MultiPolygon, 25833),
    areal_daa        numeric(12, 2),
    sonert_andel     numeric(6, 4),
    formal           text,
    regulert_andel   numeric(6, 4),
    utviklbar_daa    numeric(12, 2),
    planer           text,
    konflikter       text,
    score            numeric(5, 1),
    score_forklaring text,
    eiere            text,
    -- the matrikkelenheter under the tip, so the follow-up finds their owners' pipeline status
    matrikkelnumre   text[]      NOT NULL DEFAULT '{}',
    tomte_ids        text[]      NOT NULL DEFAULT '{}',
    kart             bytea,
    vurdert_at       timestamptz NOT NULL,
    CHECK (status = 'feil' OR geom IS NOT NULL)
);
CREATE INDEX innspill_megler_idx ON brokers.innspill (megler_id);
CREATE INDEX innspill_geom_idx ON brokers.innspill USING gist (geom);
