-- Two-way Airtable sync: what was sent (record_map from 0001), what was read back, and how far.

-- Content hash of the attachment last uploaded for a record (the site's map PNG), so it goes up only when it changed.
ALTER TABLE airtable.record_map ADD COLUMN attachment_hash text;
ALTER TABLE airtable.record_map ADD COLUMN discarded_reason text;

-- Rendered map per site; whatever renders maps fills it, the sync uploads it to Tomter.Kart when it changed.
CREATE TABLE analysis.tomt_kart (
    tomte_id     text PRIMARY KEY REFERENCES analysis.tomt (tomte_id) ON DELETE CASCADE,
    png          bytea       NOT NULL,
    rendered_at  timestamptz NOT NULL
);

-- How far the read-back has come per table: the largest "Sist endret av teamet" seen.
CREATE TABLE airtable.sync_watermark (
    table_name  text PRIMARY KEY,
    watermark   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Every value a team-owned field has had, as read back. A row is added only when the value changed,
-- so reading the same record twice (the watermark overlap) adds nothing.
CREATE TABLE airtable.team_field_history (
    history_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name   text        NOT NULL,
    record_key   text        NOT NULL,
    field_name   text        NOT NULL,
    value        jsonb,                    -- NULL: the team emptied the field
    valid_from   timestamptz NOT NULL,     -- Airtable's last-modified time of the record when read
    read_at      timestamptz NOT NULL
);
CREATE INDEX team_field_history_current_idx
    ON airtable.team_field_history (table_name, record_key, field_name, history_id DESC);

CREATE VIEW airtable.team_field_current AS
SELECT DISTINCT ON (table_name, record_key, field_name)
       table_name, record_key, field_name, value, valid_from, read_at
FROM airtable.team_field_history
ORDER BY table_name, record_key, field_name, history_id DESC;

-- Owner pipeline moves the outreach step acts on (stop the sequence once past "brev sendt").
CREATE VIEW airtable.grunneier_status_change AS
SELECT h.history_id,
       h.record_key AS eier_id,
       lag(h.value #>> '{}') OVER (PARTITION BY h.record_key ORDER BY h.history_id) AS previous_status,
       h.value #>> '{}' AS status,
       h.valid_from,
       h.read_at
FROM airtable.team_field_history h
WHERE h.table_name = 'Grunneiere' AND h.field_name = 'Status';

-- The team's view of each kommune's willingness (1-5), which the score reads.
CREATE VIEW airtable.kommunal_vilje AS
SELECT c.record_key AS kommunenummer,
       (c.value #>> '{}')::numeric AS vilje,
       c.valid_from
FROM airtable.team_field_current c
WHERE c.table_name = 'Kommuner' AND c.field_name = 'Kommunal vilje'
  AND jsonb_typeof(c.value) = 'number';
