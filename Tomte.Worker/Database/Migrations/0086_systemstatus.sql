-- What each Systemstatus row (Airtable table Systemstatus, key "Nøkkel") last showed: a hash of its values without
-- "Oppdatert", and when those values last changed. "Oppdatert" is that moment, not the moment the service last
-- looked, so a row whose values are the same is not sent again (the sync sends only what changed).
CREATE TABLE ops.systemstatus (
    nokkel      text        PRIMARY KEY,
    value_hash  text        NOT NULL,
    changed_at  timestamptz NOT NULL
);
