-- The measurement over the job log (issue 18, docs/compliance.md): per object the node received or sent, what
-- compliance counts, filled from the gateway's events by the "compliance" subscriber of the outbox. No patient
-- identifier: the evidence holds identifiers masked, as the classifier writes it. Valid on PostgreSQL and on H2 in
-- PostgreSQL mode.
create table compliance_object (
    direction           varchar(8)    not null,
    study_instance_uid  varchar(64)   not null,
    sop_instance_uid    varchar(64)   not null,
    route               varchar(64),
    -- the address book's key of the other side: the sender (import), the destination (export); null when unknown
    institution_key     varchar(64),
    ae_title            varchar(16),
    modality            varchar(16),
    study_date          date,
    received_at         timestamp with time zone not null,
    -- import: the verdict of what arrived; export: of what leaves after the swap (issue 15)
    verdict             varchar(64)   not null,
    urgent              boolean       not null default false,
    foreigner           boolean       not null default false,
    -- one line per observation: tag TAB value TAB note (identifiers masked)
    evidence            varchar(4000),
    job_id              bigint,
    primary key (direction, study_instance_uid, sop_instance_uid)
);
create index compliance_object_by_time on compliance_object (received_at);

-- What a person recorded about a study, with a reason (category-1 emergency on its job, or an exemption); each is a
-- PersonAction in the outbox (and so in the audit trail), kept here under its outbox position (at least once, once).
create table compliance_mark (
    event_id            bigint        primary key,
    study_instance_uid  varchar(64)   not null,
    kind                varchar(16)   not null,
    reason              varchar(2000) not null,
    user_name           varchar(128)  not null,
    at                  timestamp with time zone not null
);
create index compliance_mark_by_study on compliance_mark (study_instance_uid);
