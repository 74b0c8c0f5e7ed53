-- Issue 22: several nodes share one database. A node claims a due job with a lease (SELECT ... FOR UPDATE SKIP
-- LOCKED, then these two columns set), renews it while the delivery runs, and every change its delivery makes to the
-- job checks in its UPDATE's WHERE clause that the lease is still its own and not about to expire. A node that dies
-- stops renewing; once lease_until has passed any node may take the job over. Null on jobs no node holds.
alter table job add column lease_owner varchar(200);
alter table job add column lease_until timestamp with time zone;
-- The look-up of jobs whose holder stopped renewing: IN_PROGRESS with a lease_until in the past.
create index job_lease_expired on job (state, lease_until);
