-- The issuer of the Patient ID a job's first object arrived with ((0010,0021) or the qualifiers; null when the object
-- named none). Issue 17: who an import job is for may only be looked up in our MPI when the Patient ID is ours (our
-- local issuer) or a BSN with the BSN OID; another institution's local number is recorded as that institution's, with
-- its issuer, since the same number may be one of our own patients'. Rows from before stay null (an import's then
-- names no MPI patient; an export's is our own as before). Valid on PostgreSQL and on H2 in PostgreSQL mode.
-- As long as the other patient columns (V12, HeadCheck.MAX_STORED_CHARACTERS): an issuer may come from the qualifiers'
-- Universal Entity ID (UT), which DICOM does not limit to an OID's 64 characters.
alter table job add column patient_id_issuer varchar(512);
