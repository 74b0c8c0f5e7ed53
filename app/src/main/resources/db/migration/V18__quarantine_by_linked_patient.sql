-- Issue 16: an HL7 merge (A40) or change of number (A47) re-points the quarantine entries a person linked to the
-- prior number in one update (JdbcMergedPatients.repointQuarantine); without an index that update reads the whole
-- quarantine history, decided entries included, for every merge the EPD sends. Valid on PostgreSQL and on H2.
create index quarantine_by_linked_local_id on quarantine_item (linked_local_id);
