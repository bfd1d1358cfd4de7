-- The Airtable requests each job run sent (issue 13, the month of calls measured): every attempt the request handler
-- let through, the same requests ops.airtable_call counts per base and day. NULL for jobs that never talk to Airtable.
ALTER TABLE ops.job_run ADD COLUMN airtable_calls integer CHECK (airtable_calls >= 0);
