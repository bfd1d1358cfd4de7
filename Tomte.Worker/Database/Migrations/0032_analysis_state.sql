-- The newest load a kommune's analysis saw, so the next run takes plan changes (ingest.plan_change) after it
-- as "a reguleringsplan was adopted over this site".
ALTER TABLE analysis.kommune_state ADD COLUMN input_load_id bigint NOT NULL DEFAULT 0;
