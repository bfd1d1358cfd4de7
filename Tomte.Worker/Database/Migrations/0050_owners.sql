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

-- Forgotten owners (tomte gdpr forget) leave only a salted hash of their merge key, so the same owner is never
-- stored or contacted again. The salt is made once per database and never leaves it.
CREATE TABLE owners.hash_salt (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    salt      bytea   NOT NULL
);
INSERT INTO owners.hash_salt (salt) SELECT decode(md5(random()::text || clock_timestamp()::text) || md5(random()::text), 'hex');
ALTER TABLE outreach.suppression ADD COLUMN eier_hash text;
ALTER TABLE outreach.suppression DROP CONSTRAINT suppression_check;
ALTER TABLE outreach.suppression ADD CONSTRAINT suppression_check
    CHECK (eier_id IS NOT NULL OR epost IS NOT NULL OR telefon IS NOT NULL OR eier_hash IS NOT NULL);
CREATE INDEX suppression_eier_hash_idx ON outreach.suppression (eier_hash);

-- Organisation owners as Enhetsregisteret (Brønnøysundregistrene) describes them, cached with the retrieval time.
-- finnes = false: the register answered 404 for the number.
CREATE TABLE owners.enhet (
    organisasjonsnummer    char(9)     PRIMARY KEY CHECK (organisasjonsnummer ~ '^[0-9]{9}$'),
    finnes                 boolean     NOT NULL,
    navn                   text,
    organisasjonsform      text,
    organisasjonsform_navn text,
    postadresse            text,
    postnummer             text,
    poststed               text,
    forretningsadresse     text,
    konkurs                boolean     NOT NULL DEFAULT false,
    under_avvikling        boolean     NOT NULL DEFAULT false,
    under_tvangsavvikling  boolean     NOT NULL DEFAULT false,
    slettedato             date,
    hentet                 timestamptz NOT NULL
);

-- Owners that must not be written to: a bankrupt, dissolving, deleted or unknown organisation.
CREATE VIEW owners.grunneier_flagg AS
SELECT g.eier_id, g.organisasjonsnummer, e.hentet,
       coalesce(e.konkurs, false) AS konkurs,
       coalesce(e.under_avvikling OR e.under_tvangsavvikling, false) AS under_avvikling,
       (e.slettedato IS NOT NULL) AS slettet,
       (e.finnes IS FALSE) AS ukjent,
       coalesce(e.konkurs OR e.under_avvikling OR e.under_tvangsavvikling OR e.slettedato IS NOT NULL OR NOT e.finnes, false) AS skal_ikke_kontaktes
FROM owners.grunneier g
LEFT JOIN owners.enhet e ON e.organisasjonsnummer = g.organisasjonsnummer
WHERE g.type = 'organisasjon';
