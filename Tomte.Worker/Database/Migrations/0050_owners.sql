-- Owners (issue 11): which matrikkelenheter lie under each site, who owns them, and where that came from.
-- owners.tomt_eiendom and owners.eierskap keep their meaning from 0001 (the eierstruktur score reads them).

-- The teig's matrikkelnummer text as published: a teig shared by several matrikkelenheter (sameie) lists them all.
ALTER TABLE ref.teig ADD COLUMN matrikkelnummertekst text;

ALTER TABLE owners.eiendom ADD COLUMN oppdatert timestamptz;

ALTER TABLE owners.tomt_eiendom
    -- the site's area on this matrikkelenhet's teiger (m²); andel_av_tomt is this over the site's area
    ADD COLUMN overlapp_m2 double precision,
    -- true when the area is on a teig that lists other matrikkelenheter too (their owners share it)
    ADD COLUMN felles_teig boolean NOT NULL DEFAULT false;

-- Owner ids are G + a number, never derived from the person.
CREATE SEQUENCE owners.grunneier_nr;

ALTER TABLE owners.grunneier
    ADD COLUMN kilde_type    text NOT NULL DEFAULT 'import' CHECK (kilde_type IN ('import', 'matrikkel', 'airtable')),
    -- what merges one owner across parcels: 'org:<organisasjonsnummer>' or 'navn:<normalised name>|<normalised address>'
    ADD COLUMN merge_key     text,
    ADD COLUMN opprettet     timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN oppdatert     timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX grunneier_merge_key_idx ON owners.grunneier (merge_key);

ALTER TABLE owners.eierskap
    ADD COLUMN teller       integer CHECK (teller > 0),
    ADD COLUMN nevner       integer CHECK (nevner > 0),
    ADD COLUMN kilde_type   text NOT NULL DEFAULT 'import' CHECK (kilde_type IN ('import', 'matrikkel', 'airtable')),
    ADD COLUMN hentet_dato  date,
    ADD CHECK (teller IS NULL OR teller <= nevner);
CREATE INDEX eierskap_matrikkelnummer_idx ON owners.eierskap (matrikkelnummer);
CREATE INDEX tomt_eiendom_matrikkelnummer_idx ON owners.tomt_eiendom (matrikkelnummer);
