-- Jobs whose latest runs failed one after another (issue 13): the failures since the job's last success.
-- `tomte doctor` warns at 3 in a row; `tomte status` and Systemstatus read the same view.
-- Skipped and interrupted runs neither break nor extend a streak.
CREATE VIEW ops.job_failure_streak AS
SELECT j.job_name,
       count(*)::integer                                 AS failures,
       min(j.started_at)                                 AS first_failed_at,
       max(j.started_at)                                 AS last_failed_at,
       (array_agg(j.error ORDER BY j.started_at DESC))[1] AS last_error
FROM ops.job_run j
WHERE j.outcome = 'failed'
  AND j.started_at > coalesce((SELECT max(s.started_at) FROM ops.job_run s
                               WHERE s.job_name = j.job_name AND s.outcome = 'succeeded'), '-infinity')
GROUP BY j.job_name;
