-- The node's Document Repository (issue 20 part 2; the integrated Imaging Document Source / Repository of XDS-I.b):
-- each study's KOS manifest made by a registration job, kept with the exact ITI-42 request made for it before that
-- request is first sent, so every retry sends it unchanged (a registry that stored it before our answer was lost sees
-- a resend) and ITI-43 can serve the bytes. One per job. Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table xds_repository_document (
    document_unique_id  varchar(64)  primary key,
    study_instance_uid  varchar(64)  not null,
    job_id              bigint       not null,
    -- the KOS as PS3.10 bytes, as registered (size and SHA-1 are in the DocumentEntry)
    kos                 bytea        not null,
    -- the ITI-42 SubmitObjectsRequest as ebRIM 3.0
    submission          text         not null,
    created             timestamp with time zone not null,
    -- when the registry answered Success; null until then
    registered          timestamp with time zone,
    constraint xds_repository_document_job unique (job_id)
);
create index xds_repository_document_study on xds_repository_document (study_instance_uid);
