-- Issue 17: the privacy officer searches the trail by period (and type); without an index on the event's time every
-- search would read the whole trail, which grows by millions of records a year.
create index audit_record_time on audit_record (at, type);
