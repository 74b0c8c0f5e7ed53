-- Issue 21: the channel a job is delivered by (DICOM, STOW_RS, SFTP, LINK), set by the transport that takes it, so the
-- job manager shows it and filters by it as the Twiin job manager does ("DICOM Send", "DICOM E-Mail"). Jobs delivered
-- before this have none (null: shown as unknown), as do jobs no transport has taken yet.
alter table job add column channel varchar(8);
create index job_by_channel on job (channel, created);
