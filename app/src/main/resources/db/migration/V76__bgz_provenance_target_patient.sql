-- The BgZ store's _revinclude=Provenance:target without a probe per target (issue 19's benchmark, docs/benchmarks.md
-- "The BgZ query set", laboratory query: 875 matches). Valid on PostgreSQL and on H2 in PostgreSQL mode.
--
-- 1. Each Provenance target row carries the patient of its Provenance (bgz_resource.patient_id; null when the feed
--    found none), so that the Provenance of a search is found among its patient's target rows: for many matches all of
--    the patient's rows at once (one range of the index below, 1,770 rows for the benchmark's 177 Provenance), for a
--    few matches by (patient, target). By target alone (V23's index), PostgreSQL looked up 875 targets one by one, and
--    before its statistics are gathered (the minutes after a feed) it scanned the whole table for 30 targets or more
--    (EXPLAIN ANALYZE, 20 patients: 3 ms, growing with the store).
alter table bgz_provenance_target add column patient_id varchar(64);
update bgz_provenance_target set patient_id = (select r.patient_id from bgz_resource r
    where r.resource_type = 'Provenance' and r.logical_id = bgz_provenance_target.provenance_id);
create index bgz_provenance_target_patient on bgz_provenance_target (patient_id, target, provenance_id);

-- 2. The check for a patient's rows stored before V70 (JdbcBgzStore.forPatient by code: codes_indexed = false) read
--    all of the patient's Observations to find none (1,127 rows per query in the benchmark): with V23's index on
--    (patient_id, resource_type) beside V70's on (patient_id, resource_type, codes_indexed), PostgreSQL without
--    statistics takes the shorter one and filters codes_indexed row by row. H2 has no partial index (where not
--    codes_indexed); without the shorter index both databases take V70's, whose first two columns serve every query
--    V23's served (a patient's rows of a type), and find the check's rows, none once fed again, in the index alone.
drop index bgz_resource_patient;
