-- Letter 1's e-mail copy on day 0 (issue 12): a step of its own in the outbox, so the (eier_id, step) key keeps the
-- post and the e-mail each at most once. Sequences started before this migration get no copy (day 0 has passed).
ALTER TABLE outreach.outbox DROP CONSTRAINT outbox_step_check;
ALTER TABLE outreach.outbox ADD CONSTRAINT outbox_step_check
    CHECK (step IN ('grunneierbrev-1', 'grunneierbrev-1-epost', 'oppfolging', 'telefon', 'grunneierbrev-2'));
