-- An image import's instance in hand (issue 20, "kill -9 mid-import: nothing twice"). The gateway's import route
-- takes an instance in a unit of work of its own (spooled, then a job or the quarantine worklist, one commit), and
-- V74's row was written after it: a node killed between the two left an instance the route had taken with no row, and
-- the next attempt fetched it again and the gateway sent it to the PACS a second time. The import now writes the row
-- with admission HANDING before it gives the route the instance, and sets IMPORTED or QUARANTINED once the route took
-- it. A row still HANDING at the next attempt was cut off mid-hand-over: the gateway's own tables (a job instance of
-- the study on an IMPORT job, or a quarantine entry of the route) say whether the route took it; only if not is it
-- fetched again. No new column: the admission column (varchar(16)) holds the new value. Valid on PostgreSQL and on H2.
comment on column xds_image_import_instance.admission is
    'IMPORTED or QUARANTINED (what the import route did, StudyImport.Admission); HANDING: given to the route, not yet known to be taken (V75)';
