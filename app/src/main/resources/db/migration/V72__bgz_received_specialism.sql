-- The specialism a BgZ received with a referral was addressed to (issue 19): the Notified Pull Task's owner names our
-- department by its AGB specialism code (Vektis COD016-VEKT, urn:oid:2.16.840.1.113883.2.4.6.7, such as 0320
-- cardiology). Null for a request, for a referral to the hospital as a whole, and for rows received before V72.
-- Valid on PostgreSQL and on H2 in PostgreSQL mode.
alter table bgz_received add column specialism varchar(4);
