-- Ingest loads: repair/drop counts, per-kommune swap for the kommune borders, and plan change detection.

ALTER TABLE ingest.load
    ADD COLUMN repaired_count  integer,   -- invalid geometries that ST_MakeValid repaired
    ADD COLUMN dropped_count   integer,   -- features whose geometry was empty or a sliver after repair
    ADD COLUMN skipped_count   integer;   -- features of other kommuner in the same source (bbox filters)

-- The borders are loaded like every other dataset, so they also point at their load.
ALTER TABLE ref.kommune
    ADD COLUMN load_id    bigint REFERENCES ingest.load (load_id),
    ADD COLUMN source_id  text;

-- Plans added, removed or changed by a load, compared with the previous load of the same (dataset, kommune).
-- Kept for the analysis step: "a reguleringsplan was adopted over this site" is a planstatus transition
-- into an adopted status (3, 6) whose geometry intersects the site.
CREATE TABLE ingest.plan_change (
    plan_change_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    load_id             bigint      NOT NULL REFERENCES ingest.load (load_id),
    dataset             text        NOT NULL,
    kommunenummer       char(4)     NOT NULL,
    planidentifikasjon  text        NOT NULL,
    change              text        NOT NULL CHECK (change IN ('added', 'removed', 'changed')),
    old_planstatus      integer,
    new_planstatus      integer,
    geometry_changed    boolean     NOT NULL,
    detected_at         timestamptz NOT NULL,
    geom                geometry(MultiPolygon, 25833)
);
CREATE INDEX plan_change_dataset_kommune_idx ON ingest.plan_change (dataset, kommunenummer, detected_at DESC);
CREATE INDEX plan_change_geom_idx ON ingest.plan_change USING gist (geom);
