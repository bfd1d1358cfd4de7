-- Privacy (issue 11 item 5): Reservasjonsregisteret washes and opt-outs keyed so adding one twice is a no-op.
-- Retention needs no column of its own: analysis.tomt.endring_at is when a site went borte/regulert (a gone site is
-- never retired again, so it keeps that moment until it comes back).

-- One imported wash result (tomte suppression import): the file, when it was washed, what it held.
CREATE TABLE owners.vask (
    vask_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fil         text        NOT NULL,
    vaskedato   date        NOT NULL,
    importert   timestamptz NOT NULL,
    antall      integer     NOT NULL,
    reserverte  integer     NOT NULL
);

-- Each owner's result in a wash. The contact check reads the owner's newest vaskedato; the newest result decides
-- whether a 'reservert' suppression row exists. Erasing an owner erases these rows too.
CREATE TABLE owners.vask_eier (
    vask_id     bigint  NOT NULL REFERENCES owners.vask (vask_id) ON DELETE CASCADE,
    eier_id     text    NOT NULL REFERENCES owners.grunneier (eier_id) ON DELETE CASCADE,
    vaskedato   date    NOT NULL,
    reservert   boolean NOT NULL,
    PRIMARY KEY (vask_id, eier_id)
);
CREATE INDEX vask_eier_eier_idx ON owners.vask_eier (eier_id, vaskedato DESC);

-- The one phone form suppression compares: digits only, without the +47/0047 country code.
CREATE FUNCTION outreach.normalise_phone(phone text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN d ~ '^0047[0-9]{8}$' THEN substr(d, 5)
        WHEN d ~ '^47[0-9]{8}$' THEN substr(d, 3)
        ELSE nullif(d, '')
    END
    FROM (SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS d) x
$$;

CREATE FUNCTION outreach.normalise_email(email text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT nullif(lower(btrim(email)), '') $$;

-- An opt-out is one row per identifier (the owner, an e-mail address, a phone number), each at most once, so
-- recording the same "stopp" twice adds nothing. E-mail and phone rows keep the owner id when it is known, so
-- erasing the owner erases them too.
CREATE UNIQUE INDEX suppression_opt_out_owner_uq ON outreach.suppression (eier_id)
    WHERE reason = 'opt_out' AND epost IS NULL AND telefon IS NULL;
CREATE UNIQUE INDEX suppression_opt_out_epost_uq ON outreach.suppression (epost)
    WHERE reason = 'opt_out' AND epost IS NOT NULL;
CREATE UNIQUE INDEX suppression_opt_out_telefon_uq ON outreach.suppression (telefon)
    WHERE reason = 'opt_out' AND telefon IS NOT NULL;
CREATE UNIQUE INDEX suppression_reservert_uq ON outreach.suppression (eier_id) WHERE reason = 'reservert';
CREATE INDEX suppression_eier_idx ON outreach.suppression (eier_id);
CREATE INDEX suppression_epost_idx ON outreach.suppression (epost) WHERE epost IS NOT NULL;
CREATE INDEX suppression_telefon_idx ON outreach.suppression (telefon) WHERE telefon IS NOT NULL;
