-- The study manifest of a job (issue 5: the remark and referral reason travel with the job; the announced
-- instances make the study complete and are the per-study delivery proof). For an export job: the Key
-- Object Selection Document this node sent; for an import job: the one the sending Zorgbrug node sent.
-- One per job; a newer manifest (the study grew) replaces the rows of the older one.
create table job_manifest (
    job_id            bigint        primary key references job (id),
    sop_instance_uid  varchar(64)   not null,
    study_instance_uid varchar(64)  not null,
    remark            varchar(2000),
    referral_reason   varchar(2000),
    recorded          timestamp with time zone not null
);

-- The instances a manifest announces, in the order sent.
create table job_manifest_instance (
    job_id               bigint      not null references job (id),
    position             integer     not null,
    sop_instance_uid     varchar(64) not null,
    sop_class_uid        varchar(64) not null,
    series_instance_uid  varchar(64) not null,
    primary key (job_id, sop_instance_uid)
);
