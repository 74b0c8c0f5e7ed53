-- The patient of a job, as the object arrived (issue 5: search jobs by patient; the ID is shown masked
-- unless the user's role allows the whole BSN).
alter table job add column patient_name varchar(200);
alter table job add column patient_id varchar(64);
create index job_by_patient_id on job (patient_id);
