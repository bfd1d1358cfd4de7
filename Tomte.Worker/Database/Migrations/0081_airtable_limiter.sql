-- One Airtable request budget per base for every process on this database (issue 13): `tomte run`, a manual
-- `tomte sync` and `tomte doctor` take their permits here, so together they stay within Airtable's 5 requests/s.
-- A request holds its place in the window from the moment it is let through until `window` after its answer came
-- back (the latest it can have arrived at Airtable), so request latency cannot squeeze six requests into a second.
CREATE TABLE ops.airtable_limiter (
    base_id        text        PRIMARY KEY,
    penalty_until  timestamptz NOT NULL DEFAULT '-infinity'   -- after a 429 nobody calls the base before this
);

CREATE TABLE ops.airtable_request (
    request_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    base_id      text        NOT NULL,
    sent_at      timestamptz NOT NULL,
    answered_at  timestamptz
);
CREATE INDEX airtable_request_base_sent_idx ON ops.airtable_request (base_id, sent_at);

-- Lets one request through or says how long to wait, in one round trip. The limiter row is locked, so callers on
-- any connection queue here. An unanswered request counts as arriving now, but at most `unanswered` after it was
-- sent: a process killed mid-request cannot hold the budget for longer. Every request let through is counted in
-- ops.airtable_call (the monthly budget's ledger) in the same transaction. Times are the server's clock, the one
-- clock every process shares.
CREATE FUNCTION ops.airtable_acquire(p_base text, p_limit integer, p_window interval, p_unanswered interval,
                                     OUT request_id bigint, OUT wait interval)
LANGUAGE plpgsql AS $$
DECLARE
    penalty  timestamptz;
    t_now       timestamptz;
    busy     integer;
    frees_at timestamptz;
BEGIN
    INSERT INTO ops.airtable_limiter (base_id) VALUES (p_base) ON CONFLICT DO NOTHING;
    SELECT l.penalty_until INTO penalty FROM ops.airtable_limiter l WHERE l.base_id = p_base FOR UPDATE;
    t_now := clock_timestamp();
    IF penalty > t_now THEN
        wait := penalty - t_now;
        RETURN;
    END IF;
    DELETE FROM ops.airtable_request r WHERE r.base_id = p_base AND r.sent_at < t_now - p_unanswered - p_window - interval '1 minute';
    WITH counted AS (
        SELECT coalesce(r.answered_at, least(t_now, r.sent_at + p_unanswered)) AS arrived
        FROM ops.airtable_request r
        WHERE r.base_id = p_base
    )
    SELECT count(*) INTO busy FROM counted WHERE arrived > t_now - p_window;
    IF busy >= p_limit THEN
        -- The request whose leaving the window makes room; an unanswered one may leave late, so look again soon.
        SELECT c.arrived INTO frees_at FROM (
            SELECT coalesce(r.answered_at, least(t_now, r.sent_at + p_unanswered)) AS arrived
            FROM ops.airtable_request r WHERE r.base_id = p_base
        ) c WHERE c.arrived > t_now - p_window ORDER BY c.arrived OFFSET busy - p_limit LIMIT 1;
        wait := least(greatest(frees_at + p_window - t_now, interval '2 milliseconds'), p_window / 4);
        RETURN;
    END IF;
    INSERT INTO ops.airtable_request (base_id, sent_at) VALUES (p_base, t_now) RETURNING airtable_request.request_id INTO request_id;
    INSERT INTO ops.airtable_call (base_id, day, calls) VALUES (p_base, (t_now AT TIME ZONE 'Europe/Oslo')::date, 1)
    ON CONFLICT (base_id, day) DO UPDATE SET calls = ops.airtable_call.calls + 1;
    wait := interval '0';
END
$$;

-- A job skipped on purpose (the Airtable call budget, no owner provider) or interrupted by the service's shutdown
-- (and run again at the next start) is neither a success nor a failure.
ALTER TABLE ops.job_run DROP CONSTRAINT job_run_outcome_check;
ALTER TABLE ops.job_run ADD CONSTRAINT job_run_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted'));
