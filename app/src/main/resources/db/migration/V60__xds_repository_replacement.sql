-- A replacement KOS (issue 20 part 2, RPLC, ITI TF-3 §4.1.6.1): a study that got other instances after its KOS was
-- registered gets a new KOS of all its instances, registered as a new DocumentEntry that replaces the old one. The
-- old KOS stays (the registry deprecates its entry, ITI-43 still serves it to whoever holds its uniqueId), so a job now
-- keeps a chain of KOS manifests: the newest is the one no other replaces. One replacement per KOS: two attempts that
-- race to replace the same KOS cannot both keep one. Valid on PostgreSQL and on H2 in PostgreSQL mode.
alter table xds_repository_document drop constraint xds_repository_document_job;
alter table xds_repository_document add column replaces varchar(64);
alter table xds_repository_document add constraint xds_repository_document_replaces unique (replaces);
create index xds_repository_document_job on xds_repository_document (job_id);
