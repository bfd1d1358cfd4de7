-- Outreach sequence (issue 12): when each owner's sequence started and stopped, the outbox's hand-off state and
-- retries, addresses a mail server refused for good, and the one team field the worker may write (status "svar").

-- One row per owner whose sequence started (the team ticked "Godkjent for utsending"). anchor_at is day 0 of the
-- later steps: when letter 1 counts as sent (the team ticked its Aktivitet "Utført", or the print batch date).
CREATE TABLE outreach.sequence (
    eier_id      text PRIMARY KEY REFERENCES owners.grunneier (eier_id) ON DELETE CASCADE,
    started_at   timestamptz NOT NULL,
    anchor_at    timestamptz,
    stopped_at   timestamptz,
    stop_reason  text
);

-- 'uncertain': found in 'sending' after a crash; the SMTP server may or may not have taken it. Never resent by
-- itself: a person checks, or the reply reader reconciles it through the deterministic Message-Id.
ALTER TABLE outreach.outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outreach.outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'uncertain'));
ALTER TABLE outreach.outbox
    ADD CONSTRAINT outbox_step_check CHECK (step IN ('grunneierbrev-1', 'oppfolging', 'telefon', 'grunneierbrev-2')),
    ADD COLUMN attempts         integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  timestamptz,
    ADD COLUMN claimed_at       timestamptz,
    ADD COLUMN sent_at          timestamptz,
    ADD COLUMN last_error       text,
    ADD COLUMN script           text,
    ADD COLUMN document_pdf     bytea,
    ADD COLUMN document_pages   integer,
    -- the print batch (folder name under <output>/utskrift) the letter went into; NULL: not yet in one
    ADD COLUMN print_batch      text;
CREATE INDEX outbox_due_idx ON outreach.outbox (status, due_at);

-- E-mail addresses a mail server refused for good (5xx or a bounce); never written to again.
CREATE TABLE outreach.bad_address (
    epost        text PRIMARY KEY,
    eier_id      text REFERENCES owners.grunneier (eier_id) ON DELETE SET NULL,
    reason       text        NOT NULL,
    recorded_at  timestamptz NOT NULL
);

-- Where the IMAP reader has come to in the sales inbox (per UIDVALIDITY, as IMAP numbers messages).
CREATE TABLE outreach.imap_state (
    mailbox      text PRIMARY KEY,
    uid_validity bigint      NOT NULL,
    last_uid     bigint      NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Every message the reply reader acted on, and the one team field the worker writes (Grunneiere.Status = "svar"):
-- recorded so an operator can see who changed the team's pipeline and why.
CREATE TABLE outreach.inbound_message (
    inbound_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox      text        NOT NULL,
    uid_validity bigint      NOT NULL,
    uid          bigint      NOT NULL,
    eier_id      text REFERENCES owners.grunneier (eier_id) ON DELETE SET NULL,
    kind         text        NOT NULL CHECK (kind IN ('svar', 'avmelding', 'autosvar', 'retur', 'ukjent')),
    status_written text,
    received_at  timestamptz NOT NULL,
    UNIQUE (mailbox, uid_validity, uid)
);
