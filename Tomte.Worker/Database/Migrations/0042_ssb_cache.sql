-- SSB's answers kept with the table's `updated` time, so an unchanged table is not fetched again (SSB allows 30
-- requests a minute): one row per table and selection (the POST body's SHA-256).
CREATE TABLE ssb.response_cache (
    tabell          text        NOT NULL,
    request_sha256  text        NOT NULL,
    request         text        NOT NULL,
    updated         timestamptz,
    body            text        NOT NULL,
    fetched_at      timestamptz NOT NULL,
    PRIMARY KEY (tabell, request_sha256)
);
