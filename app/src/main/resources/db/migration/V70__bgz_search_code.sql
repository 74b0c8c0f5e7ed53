-- The BgZ store's pre-selection by code (issue 19's benchmark, docs/benchmarks.md "The BgZ query set"): the codes a
-- search parameter of the BgZ query set selects by (SearchCodes: Observation code and category), per resource, so
-- that an Observation query reads and parses only the patient's observations that may match, not all of them.
-- Rows stored before this migration have codes_indexed false and stay candidates of every pre-selection (the search
-- checks each resource it parses), until the EPD feeds them again. Valid on PostgreSQL and on H2 in PostgreSQL mode.
alter table bgz_resource add column codes_indexed boolean default false not null;
-- The rows of a patient's type stored before V70 (none, once fed again): found without reading the others.
create index bgz_resource_unindexed on bgz_resource (patient_id, resource_type, codes_indexed);

create table bgz_search_code (
    resource_type  varchar(64)   not null,
    logical_id     varchar(64)   not null,
    patient_id     varchar(64),
    param          varchar(32)   not null,
    code           varchar(200)  not null,
    primary key (resource_type, logical_id, param, code)
);
create index bgz_search_code_patient on bgz_search_code (patient_id, resource_type, param, code);
