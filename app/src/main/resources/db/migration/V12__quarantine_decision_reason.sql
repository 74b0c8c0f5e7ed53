-- Issue 15: a person who rejects a quarantined study says why; the reason is kept with the user and the time,
-- since the originals leave the spool. Entries decided before this have none (null).
alter table quarantine_item add column decision_reason varchar(2000);
