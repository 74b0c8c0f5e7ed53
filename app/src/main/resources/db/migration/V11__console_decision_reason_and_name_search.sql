-- Issue 15: a person who rejects a quarantined study says why; the reason is kept with the user and the time,
-- since the originals leave the spool. Entries decided before this have none (null).
alter table quarantine_item add column decision_reason varchar(2000);

-- Issue 15: a name search ignores accents and case ("Celik" finds "Çelik"). The folded family name
-- (bsn.mpi.NameSearch) is kept beside the name so the search stays one indexed comparison on both databases;
-- rows saved before this get theirs when the node starts (JdbcMasterPatientIndex.foldMissingNames).
alter table mpi_patient add column family_name_folded varchar(200);
create index mpi_by_folded_name on mpi_patient (family_name_folded);
