-- The BgZ store (issue 19, Beschikbaarstellend): the patient record as the EPD feeds it over FHIR STU3 (PUT or
-- transaction), one row per resource, replaced whole by an update. The BgZ is a fixed set of read queries per patient,
-- so the columns are what those need: type and logical id, the Patient it belongs to and that patient's BSN, and the
-- zib's persistent, globally unique identifier (kept when a zib is taken over elsewhere). Provenance targets in a
-- table of their own for _revinclude=Provenance:target. Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table bgz_resource (
    resource_type  varchar(64)   not null,
    logical_id     varchar(64)   not null,
    patient_id     varchar(64),
    patient_bsn    varchar(9),
    persistent_id  varchar(600)  not null,
    version        bigint        not null,
    updated_at     timestamp with time zone not null,
    resource_json  text          not null,
    primary key (resource_type, logical_id)
);
create index bgz_resource_patient on bgz_resource (patient_id, resource_type);
create index bgz_resource_bsn on bgz_resource (patient_bsn);

create table bgz_provenance_target (
    provenance_id  varchar(64)   not null,
    target         varchar(140)  not null,
    primary key (provenance_id, target)
);
create index bgz_provenance_target_target on bgz_provenance_target (target);
