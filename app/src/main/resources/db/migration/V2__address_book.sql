-- The address book of institutions (issue 5).
create table institution (
    institution_key        varchar(64)  primary key,
    name                   varchar(200) not null,
    ura                    varchar(8),
    agb                    varchar(8),
    patient_id_issuer_oid  varchar(64),
    ae_title               varchar(16),
    host                   varchar(255),
    port                   integer not null default 0,
    tls                    boolean not null default false,
    stow_rs_url            varchar(1000),
    email                  varchar(200),
    phone                  varchar(50)
);
create unique index institution_by_ae on institution (ae_title);
