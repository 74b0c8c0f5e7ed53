-- The instances an image import (V65) handed to the gateway's import route, one row each, written right after the
-- route took it (issue 20, "kill -9 mid-import: nothing twice"). The next attempt of the same import, after a stop or
-- a retry, does not fetch these again: fetched again, an instance is not byte-identical to the first copy (the
-- source's export swap stamps its Original Attributes Sequence with the time of the retrieval), and the gateway would
-- take it for a corrected version and send it to the PACS a second time. Valid on PostgreSQL and on H2.
create table xds_image_import_instance (
    import_id        bigint       not null references xds_image_import (id),
    sop_instance_uid varchar(64)  not null,
    -- IMPORTED or QUARANTINED (StudyImport.Admission)
    admission        varchar(16)  not null,
    primary key (import_id, sop_instance_uid)
);
