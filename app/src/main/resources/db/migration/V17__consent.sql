-- The built-in consent register (issue 17, Wabvpz art. 15a): consents and refusals per patient (BSN), and the data
-- categories a patient shields from sharing. Nothing is deleted: a withdrawal is recorded on the row, since the audit
-- trail and the patient's overview refer to it. Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table consent_record (
    id           varchar(64)   primary key,
    patient_bsn  varchar(9)    not null,
    purpose      varchar(32)   not null,
    permits      boolean       not null,
    -- ALL, TYPE (scope_value: the institution type code) or INSTITUTION (scope_value: the URA)
    scope_kind   varchar(16)   not null,
    scope_value  varchar(64),
    -- DataCategory names, comma-separated; empty: every category
    categories   varchar(1000) not null,
    valid_from   timestamp with time zone not null,
    valid_until  timestamp with time zone,
    method       varchar(16)   not null,
    recorded_by  varchar(128)  not null,
    recorded_at  timestamp with time zone not null,
    withdrawn_at timestamp with time zone,
    withdrawn_by varchar(128)
);
create index consent_record_patient on consent_record (patient_bsn);

create table consent_shielding (
    id           varchar(64)   primary key,
    patient_bsn  varchar(9)    not null,
    categories   varchar(1000) not null,
    method       varchar(16)   not null,
    recorded_by  varchar(128)  not null,
    recorded_at  timestamp with time zone not null,
    withdrawn_at timestamp with time zone,
    withdrawn_by varchar(128)
);
create index consent_shielding_patient on consent_shielding (patient_bsn);
