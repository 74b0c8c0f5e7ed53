-- Issue 15, "The gateway as a hospital meets it". Valid on PostgreSQL and on H2 in PostgreSQL mode.

-- A corrected resend (same SOP Instance UID, other content) is kept as a later version in the spool; the job's
-- instance points at the version it sends (1: the first, the only one before this), with the SHA-256 of that
-- version's data set, which tells a harmless resend from a correction even after the original left the spool, and
-- the patient that version names as three short hashes (Patient ID, issuer, BSN; gateway.job.PatientKey), so a
-- correction with another patient is held for a person. Rows from before have version 1 and no digest or patient.
alter table job_instance add column version integer not null default 1;
alter table job_instance add column digest varchar(64);
alter table job_instance add column patient_key varchar(64);

-- What is measured must be what was sent: bsn_verdict keeps the verdict of what arrived, bsn_verdict_sent that of
-- what left after the route's edits (the swap). Jobs from before have none (null): nothing told what they sent.
alter table job add column bsn_verdict_sent varchar(64);
