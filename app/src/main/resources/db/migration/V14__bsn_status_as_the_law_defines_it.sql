-- Issue 16: the BSN status in the terms of the Wabvpz. Until now the node used the two words the other way
-- round: its VALIDATED meant "checked against the BSN register" and was the one status that allowed export; its
-- VERIFIED meant "identity document seen, register not checked" and did not. The law says:
--   verified  (geverifieerd) = checked against the BSN register through the SBV-Z;
--   validated (gevalideerd)  = identified in person with a legal identity document;
-- sharing (export) needs validated, pulling needs at least verified, and a status may carry both facts
-- (bsn.mpi.BsnStatus: NONE, UNCHECKED, VERIFIED, VALIDATED, VERIFIED_AND_VALIDATED).
--
-- The rule for the existing rows: no patient's permission to share widens.
--   old VALIDATED -> VERIFIED_AND_VALIDATED: the row recorded the register check (verified), and the hospital
--       had declared it fit to share; sharing stays exactly as allowed as before, nothing new is allowed.
--   old VERIFIED, received from another institution (a pending patient the node registered itself,
--       local_id PENDING-...) -> VERIFIED: the law lets a receiver trust the sender's verification, never as
--       validated; it could not be shared before and cannot now.
--   old VERIFIED, any other -> UNCHECKED: the row recorded an identity document but no register check. Mapping
--       it to validated would make it shareable, which it was not: a widening. Mapping it to verified would claim
--       a register check that never happened. So neither fact is carried over; the EPD feed (or a new CSV
--       upload) gives the real status. It could not be shared before and cannot now.
--   old NONE with a BSN: PENDING-... -> VERIFIED (as above), others -> UNCHECKED; NONE without a BSN stays NONE.
alter table mpi_patient alter column bsn_status set data type varchar(32);

update mpi_patient set bsn_status = 'MIGRATED_OLD_VALIDATED' where bsn_status = 'VALIDATED';
update mpi_patient set bsn_status = 'VERIFIED'
    where bsn_status in ('VERIFIED', 'NONE') and bsn is not null and local_id like 'PENDING-%';
update mpi_patient set bsn_status = 'UNCHECKED'
    where bsn_status in ('VERIFIED', 'NONE') and bsn is not null and local_id not like 'PENDING-%';
update mpi_patient set bsn_status = 'NONE' where bsn is null;
update mpi_patient set bsn_status = 'VERIFIED_AND_VALIDATED' where bsn_status = 'MIGRATED_OLD_VALIDATED';

-- The last answer of the BSN register (SBV-Z) the node obtained itself, and when (bsn.mpi.SbvzVerification);
-- rows from before have none.
alter table mpi_patient add column sbvz_answer varchar(16);
alter table mpi_patient add column sbvz_answered_at timestamp with time zone;

-- An identity conflict the feed raised and the node will not resolve itself (bsn.mpi.IdentityConflict):
-- exports of the patient are held until a person clears it.
alter table mpi_patient add column conflict_kind varchar(32);
alter table mpi_patient add column conflict_detail varchar(2000);
alter table mpi_patient add column conflict_since timestamp with time zone;
