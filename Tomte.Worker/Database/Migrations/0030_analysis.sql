-- Candidate sites (issue 9): the true plan difference, stable identity, plan signals and per-site attributes.
-- analysis.tomt from 0001 keeps its columns; current sites are those with endring <> 'borte'.

ALTER TABLE analysis.tomt DROP CONSTRAINT tomt_endring_check;
UPDATE analysis.tomt SET endring = 'ny' WHERE endring IS NULL;
ALTER TABLE analysis.tomt
    ALTER COLUMN endring SET NOT NULL,
    ADD CONSTRAINT tomt_endring_check CHECK (endring IN ('ny', 'endret', 'uendret', 'regulert', 'borte'));

ALTER TABLE analysis.tomt
    -- source_id of every kommuneplan arealformål polygon the site came from, and their codes
    ADD COLUMN kilde_ids          text[]    NOT NULL DEFAULT '{}',
    ADD COLUMN arealformal        integer[] NOT NULL DEFAULT '{}',
    -- the site touches an arealformål configured as "må vurderes" (1130 sentrum, 1800 kombinert)
    ADD COLUMN ma_vurderes        boolean   NOT NULL DEFAULT false,
    -- someone else is planning here: [{"kilde": "reguleringsplan"|"planlegging_igangsatt", "planidentifikasjon", "plannavn", "planstatus"}]
    ADD COLUMN plansignaler       jsonb     NOT NULL DEFAULT '[]',
    -- share (0..1) of the site's area under each constraint kind of ref.constraint_area: {"flomsone": 0.12, ...}
    ADD COLUMN konflikter         jsonb     NOT NULL DEFAULT '{}',
    -- share (0..1) of the site's area under each hensynssone kind of plan.hensynssone
    ADD COLUMN hensynssoner       jsonb     NOT NULL DEFAULT '{}',
    ADD COLUMN naermeste_stopp_m  numeric(10, 1),
    ADD COLUMN naermeste_stopp    text,
    ADD COLUMN antall_teig        integer,
    -- the adopted reguleringsplan(er) that made a site 'regulert'
    ADD COLUMN regulert_av        text[],
    -- when endring last took its current value, and the run that wrote the row
    ADD COLUMN endring_at         timestamptz,
    ADD COLUMN run_id             bigint;

CREATE INDEX tomt_kommune_idx ON analysis.tomt (kommunenummer, endring);

-- One row per `tomte analyze` (or job) run.
CREATE TABLE analysis.run (
    run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    outcome         text        NOT NULL DEFAULT 'running'
                    CHECK (outcome IN ('running', 'succeeded', 'unchanged', 'failed')),
    kommuner_total  integer,
    kommuner_done   integer,
    error           text
);

-- Per kommune: what its last successful analysis was computed from, so a run can skip kommuner whose
-- inputs (the loads in ingest.load) and settings have not changed.
CREATE TABLE analysis.kommune_state (
    kommunenummer      char(4)     PRIMARY KEY,
    run_id             bigint      NOT NULL REFERENCES analysis.run (run_id),
    input_fingerprint  text        NOT NULL,
    analyzed_at        timestamptz NOT NULL,
    site_count         integer     NOT NULL,
    bolig_areal_m2     double precision NOT NULL,  -- area of the KP bolig union
    regulert_areal_m2  double precision NOT NULL,  -- removed by adopted reguleringsplaner
    dropped_areal_m2   double precision NOT NULL,  -- dropped parts: under min area or narrower than min width
    tomt_areal_m2      double precision NOT NULL   -- the kept sites
);
