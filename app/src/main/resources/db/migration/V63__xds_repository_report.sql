-- The study's report in the node's Document Repository (issue 20 part 2; Twiin "Afspraken Beeldbeschikbaarheid": the
-- report is a DocumentEntry of classCode REPORTS of its own, tied to the study by its referenceIdList): the PDF of an
-- Encapsulated PDF, or the text of a DICOM SR, as ITI-43 serves it. It is registered in the ITI-42 submission of the KOS
-- it was kept with (kos_unique_id), and served only once that KOS is registered. Kept before that KOS, so no foreign
-- key. Valid on PostgreSQL and on H2 in PostgreSQL mode.
create table xds_repository_report (
    document_unique_id  varchar(64)  primary key,
    kos_unique_id       varchar(64)  not null,
    study_instance_uid  varchar(64)  not null,
    -- application/pdf or text/plain
    mime_type           varchar(64)  not null,
    -- the document as registered (size and SHA-1 are in the DocumentEntry)
    content             bytea        not null,
    created             timestamp with time zone not null
);
create index xds_repository_report_kos on xds_repository_report (kos_unique_id);
