-- The registry's ebRIM texts packed (issue 20, the 10 M benchmark; nl.zorgbrug.registry.model.PackedEbRim): DEFLATE
-- with a preset dictionary of the node's own ebRIM writer, behind one byte naming the dictionary. A study's three
-- texts take about 1.1 kB instead of 4.5 kB of PostgreSQL's TOAST-compressed text (7.7 kB per entry with indexes
-- before). New rows fill ebrim_packed only; rows written before keep their text in ebrim and are read from there, so
-- this migration rewrites nothing (a registry of millions of rows starts at once). Valid on PostgreSQL and on H2 in
-- PostgreSQL mode.
alter table xds_submission_set add column ebrim_packed bytea;
alter table xds_submission_set alter column ebrim drop not null;
alter table xds_submission_set add constraint xds_submission_set_ebrim
    check (ebrim is not null or ebrim_packed is not null);

alter table xds_document_entry add column ebrim_packed bytea;
alter table xds_document_entry alter column ebrim drop not null;
alter table xds_document_entry add constraint xds_document_entry_ebrim
    check (ebrim is not null or ebrim_packed is not null);

alter table xds_association add column ebrim_packed bytea;
alter table xds_association alter column ebrim drop not null;
alter table xds_association add constraint xds_association_ebrim
    check (ebrim is not null or ebrim_packed is not null);
