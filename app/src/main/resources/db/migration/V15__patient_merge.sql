-- Issue 16: merges of patients in the EPD (HL7 v2 ADT A40) and changes of number (A47), remembered so that an object
-- held, spooled or arriving later under the prior number is decided and delivered under the survivor's, and so that
-- jobs delivered under a prior number can be listed for a person (the receiving PACS must merge them too).
-- One row per prior number: a later merge of the same number replaces it. Valid on PostgreSQL and on H2.
create table patient_merge (
    prior_local_id     varchar(64)  primary key,
    survivor_local_id  varchar(64)  not null,
    source             varchar(8)   not null,
    merged             timestamp with time zone not null
);
