-- Issue 17, export to the hospital's audit repository: how far each repository (atna: RFC 5425 syslog-TLS, fhir:
-- FHIR AuditEvent) acknowledged the local trail. The queue is the trail itself (audit_record, V16): what has a seq
-- above acknowledged_seq still has to go. One row per repository, moved forward after every record sent, so a node
-- that restarts sends on from there and nothing twice.
create table audit_export_cursor (
    repository       varchar(32) primary key,
    acknowledged_seq bigint      not null,
    updated_at       timestamp   not null
);
