-- Tokens issued with a Notified Pull Task (issue 19, Sturend): a BgZ sent on referral is pulled by the receiving
-- institution with the token the Task carried. Only its SHA-256 is kept (hex), never the token. Per token: the Task
-- (a UUID, the record of what was sent), the referral (the legal basis of every read with it), the patient, the
-- receiver (URA and name, its institution type for the shielding question), the resource types its queries read,
-- when it was issued and until when it reads, and whether it was revoked (a Task the receiver did not accept).
-- Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table bgz_issued_token (
    token_hash        varchar(64)   primary key,
    task_id           varchar(36)   not null unique,
    referral          varchar(200)  not null,
    patient_bsn       varchar(9)    not null,
    receiver_ura      varchar(8)    not null,
    receiver_name     varchar(200)  not null,
    institution_type  varchar(8)    not null,
    resource_types    varchar(1000) not null,
    issued_at         timestamp with time zone not null,
    expires_at        timestamp with time zone not null,
    revoked           boolean       not null default false
);
create index bgz_issued_token_patient on bgz_issued_token (patient_bsn);
