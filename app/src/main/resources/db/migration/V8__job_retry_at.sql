-- Issue 5: "the destination is down for a while (jobs go FAILED, retry, then DONE, nothing lost)". After a
-- transient failure a job is FAILED with an automatic retry pending at retry_at; the scheduler takes it when
-- that moment has passed. Null when none is pending (every other state, and a FAILED job that needs a person).
-- Jobs that wait for a retry in the older way (WAITING with a later not_before) are still taken as before.
alter table job add column retry_at timestamp with time zone;
-- The scheduler's look-up of due retries: a range on retry_at, which is null for almost every job.
create index job_retry_due on job (retry_at);
