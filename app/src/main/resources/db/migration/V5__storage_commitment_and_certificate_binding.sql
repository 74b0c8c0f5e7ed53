-- Issue 5: per institution, whether it is a Storage Commitment SCP (a job to it is DONE only when it
-- committed every instance, PS3.4 Annex J), and the TLS client certificate subject its AE title is bound to.
alter table institution add column storage_commitment boolean not null default false;
alter table institution add column certificate_subject varchar(1000);
-- The Storage Commitment SCP looks received instances up by SOP Instance UID alone.
create index job_instance_by_sop on job_instance (sop_instance_uid);
