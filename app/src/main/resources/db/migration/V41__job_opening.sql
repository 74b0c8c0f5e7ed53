-- Issue 22: several nodes share one database. On one node the job manager's lock keeps two arrivals of a new study
-- from opening two jobs for it; across nodes this row does: a node that finds no open job for a study, destination
-- and direction first makes sure this row exists and locks it (SELECT ... FOR UPDATE) for the rest of its unit of
-- work, then looks again. A second node waits for the first's commit and then finds the job it opened.
create table job_opening (
    study_instance_uid  varchar(64)  not null,
    destination         varchar(64)  not null,
    direction           varchar(8)   not null,
    primary key (study_instance_uid, destination, direction)
);
