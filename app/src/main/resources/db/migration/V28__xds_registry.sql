-- The XDS Document Registry (issue 20, part 1; ITI TF-2 §3.42 and §3.18): the index columns FindDocuments and
-- FindDocumentsByReferenceId search, and beside them each object's full metadata as ebRIM 3.0 XML. The patient is
-- the BSN (OID 2.16.840.1.113883.2.4.6.3). A submission is written in one transaction. Valid on PostgreSQL and on
-- H2 in PostgreSQL mode.
create table xds_submission_set (
    entry_uuid      varchar(64)  primary key,
    unique_id       varchar(128) not null,
    patient_bsn     varchar(9)   not null,
    source_id       varchar(128),
    -- SHA-256 of the request as received: a resend with the same content is recognised and stores nothing
    digest          varchar(64)  not null,
    ebrim           text         not null,
    registered_at   timestamp with time zone not null,
    constraint xds_submission_set_unique_id unique (unique_id)
);

create table xds_document_entry (
    entry_uuid           varchar(64)  primary key,
    unique_id            varchar(128) not null,
    logical_uuid         varchar(64)  not null,
    patient_bsn          varchar(9)   not null,
    -- APPROVED or DEPRECATED (ITI TF-3 §4.1.6.1: a replaced entry is deprecated)
    status               varchar(16)  not null,
    -- STABLE or ON_DEMAND (ITI TF-3 §4.1.1)
    entry_type           varchar(16)  not null,
    class_code           varchar(64),
    class_scheme         varchar(128),
    type_code            varchar(64),
    type_scheme          varchar(128),
    service_start        timestamp with time zone,
    repository_unique_id varchar(128),
    home_community_id    varchar(128),
    submission_set_uuid  varchar(64)  not null references xds_submission_set (entry_uuid),
    ebrim                text         not null,
    constraint xds_document_entry_unique_id unique (unique_id)
);
-- FindDocuments: always by patient and status, newest first.
create index xds_document_entry_patient on xds_document_entry (patient_bsn, status, service_start);
create index xds_document_entry_class on xds_document_entry (patient_bsn, class_code);
create index xds_document_entry_logical on xds_document_entry (logical_uuid);

-- eventCodeList: for XDS-I.b the modalities of the study (RAD TF-3 §4.68.4.1.2.3.2) and the anatomic region.
create table xds_document_event_code (
    entry_uuid varchar(64)  not null references xds_document_entry (entry_uuid),
    code       varchar(64)  not null,
    scheme     varchar(128),
    primary key (entry_uuid, code)
);
create index xds_document_event_code_code on xds_document_event_code (code, scheme);

-- referenceIdList (ITI TF-3 Table 4.2.3.2-1): studyInstanceUID, accession with its issuer, order, referral.
create table xds_document_reference (
    entry_uuid varchar(64)  not null references xds_document_entry (entry_uuid),
    id_type    varchar(64)  not null,
    ref_value  varchar(128) not null,
    issuer     varchar(128),
    primary key (entry_uuid, id_type, ref_value)
);
create index xds_document_reference_value on xds_document_reference (ref_value, id_type);

create table xds_association (
    entry_uuid          varchar(64)  primary key,
    association_type    varchar(32)  not null, -- HAS_MEMBER, REPLACE, ... (IPF AssociationType)
    source_uuid         varchar(64)  not null,
    target_uuid         varchar(64)  not null,
    submission_set_uuid varchar(64)  not null references xds_submission_set (entry_uuid),
    ebrim               text         not null
);
create index xds_association_source on xds_association (source_uuid);
create index xds_association_target on xds_association (target_uuid);
