-- Issue 17: a list or search names every patient it showed (NEN 7513: each patient whose data was shown), as the
-- event's PATIENT objects; the patient's overview (Wabvpz art. 15d) asks by BSN, so each such patient's BSN is filed
-- here with the record's seq when the record is appended (JdbcAuditStore). An index of the trail, not part of it:
-- the records and their hash chain stay the evidence; a row removed here hides the view from the overview but not
-- from the trail or the export, and `audit verify` still covers the record itself.
-- (Not audit_record_patient: that name is V16's index on audit_record, and PostgreSQL keeps tables and indexes in one
-- namespace.)
create table audit_shown_patient (
    patient_bsn varchar(9) not null,
    seq         bigint     not null,
    primary key (patient_bsn, seq)
);
