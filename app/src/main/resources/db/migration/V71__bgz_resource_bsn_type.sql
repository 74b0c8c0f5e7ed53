-- The BgZ store's lookup of a patient by BSN (issue 19's benchmark, docs/benchmarks.md "The BgZ query set"): every
-- search of the BgZ query set first finds the Patient rows of the token's BSN (patient_bsn = ? and resource_type =
-- 'Patient'). On the index of V23 (patient_bsn) alone that read all of the patient's rows (2,000 in the benchmark) and
-- dropped all but the Patient: 27 × 2,000 rows per set. On (patient_bsn, resource_type) it reads the one row.
-- Valid on PostgreSQL and on H2 in PostgreSQL mode.
create index bgz_resource_bsn_type on bgz_resource (patient_bsn, resource_type);

-- The rows of one type by logical id (JdbcBgzStore.byIds: resource_type = ? and logical_id in (up to 500 ids), for
-- includes and Provenance). H2 2.3 uses only the first column of the primary key for it (resource_type = ?) and tests
-- the list on every row of that type of every patient (EXPLAIN ANALYZE, 4,000 Provenance in the store, 500 ids:
-- scanCount 4001); on this index it looks up the ids (scanCount 1001). PostgreSQL already uses the primary key.
create index bgz_resource_id_type on bgz_resource (logical_id, resource_type);
