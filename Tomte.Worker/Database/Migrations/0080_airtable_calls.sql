-- Every Airtable API request, counted per base and day (Europe/Oslo date), so the service keeps within the plan's
-- monthly call budget (Team 100,000, Free 1,000) and `tomte status` and Systemstatus show the month's use.
-- Written by the Airtable request limiter for every request it lets through, whichever process sends it.
CREATE TABLE ops.airtable_call (
    base_id    text    NOT NULL,
    day        date    NOT NULL,
    calls      integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
    throttled  integer NOT NULL DEFAULT 0 CHECK (throttled >= 0),  -- answers with HTTP 429
    PRIMARY KEY (base_id, day)
);
