-- Issue 14: a quarantine entry records the import route that received it, so with several import routes the
-- desk links, rejects and downloads from that route's spool and sends a link to that route's destination.
-- Entries recorded before this have none (null): they belong to the first import route, where the desk looked.
alter table quarantine_item add column route varchar(64);
-- A link no longer rewrites the spooled original ("originals in the spool, edits on delivery"): the local
-- patient number a person chose is kept here and the import route writes it into the object on delivery.
alter table quarantine_item add column linked_local_id varchar(64);
