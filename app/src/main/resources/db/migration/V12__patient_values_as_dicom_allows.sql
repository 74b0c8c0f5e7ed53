-- Issue 15: a Patient Name, Patient ID or Accession Number longer than its column made the intake fail with a
-- database error (0x0110, the object left in the spool without a job, and the node's start stopped on it).
-- These columns now hold what the intake keeps (gateway HeadCheck.MAX_STORED_CHARACTERS: 512 characters), well
-- beyond what DICOM allows (PS3.5 6.2: PN 3 x 64, LO 64, SH 16) and what real senders send beyond it; a longer
-- value is refused up front with 0xA900. 512 characters of up to 4 bytes stay within PostgreSQL's limit for a
-- B-tree index entry (job_by_patient_id). Valid on PostgreSQL and on H2 in PostgreSQL mode.
alter table job alter column patient_name set data type varchar(512);
alter table job alter column patient_id set data type varchar(512);
alter table job alter column accession_number set data type varchar(512);
alter table quarantine_item alter column patient_name set data type varchar(512);
alter table quarantine_item alter column patient_id_masked set data type varchar(512);
-- A STOW-RS sender is recorded as "STOWRS-" and the user's name, longer than an AE title's 16 characters.
alter table quarantine_item alter column calling_ae_title set data type varchar(128);
