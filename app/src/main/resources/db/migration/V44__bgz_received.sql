-- Received BgZs (issue 19, Ontvangend): a BgZ that came back from a request (Raadplegend) or was pulled on a referral
-- (Notified Pull), kept apart from the own record (bgz_resource, V23). One row per received BgZ with its document-level
-- metadata: the source institution as the address book names it (key, name, URA) and the endpoint read, why it came
-- (REQUEST or REFERRAL with the referral's reference), when, the patient's BSN, who or what asked, the counts, and
-- when the department saw it. Each query's answer in bgz_received_query, the searchset Bundle as the peer sent it.
-- Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table bgz_received (
    id            varchar(36)   primary key,
    source_key    varchar(64),
    source_name   varchar(200)  not null,
    source_ura    varchar(8),
    source_base   varchar(1000) not null,
    occasion      varchar(16)   not null,
    reference     varchar(200),
    received_at   timestamp with time zone not null,
    patient_bsn   varchar(9)    not null,
    received_by   varchar(200)  not null,
    queries       integer       not null,
    failed        integer       not null,
    resources     integer       not null,
    seen_at       timestamp with time zone,
    seen_by       varchar(200)
);
create index bgz_received_patient on bgz_received (patient_bsn, received_at);
create index bgz_received_at on bgz_received (received_at);

create table bgz_received_query (
    received_id   varchar(36)   not null references bgz_received (id),
    seq           integer       not null,
    query         varchar(1000) not null,
    status        integer       not null,
    total         integer       not null,
    failure       varchar(2000),
    bundle_json   text,
    primary key (received_id, seq)
);
