-- Issue 21: an institution's SFTP drop (docs/transport.md), beside its DICOM and STOW-RS columns. A table of its own,
-- so that saving an entry through the form, the CSV or the REST API (whose columns stay as they were) keeps it.
-- The host key's fingerprint as ssh-keygen -lf prints it (SHA256:...), our private key's path, the password only as
-- a fallback; preferred: deliveries go by SFTP even when the entry has a DICOM AE or a STOW-RS URL.
create table institution_sftp (
    institution_key      varchar(64)   not null primary key,
    host                 varchar(255)  not null,
    port                 integer       not null,
    sftp_user            varchar(255)  not null,
    host_key_fingerprint varchar(64),
    private_key          varchar(1000),
    sftp_password        varchar(255),
    folder               varchar(1000) not null,
    preferred            boolean       not null default false
);
