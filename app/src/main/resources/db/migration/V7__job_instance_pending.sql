-- A delivery asks for the instances of its job not yet acknowledged after every batch (emergency mode: after
-- every image). Without this index that is a scan of the whole study each time, which grows with the square
-- of its size; with it, a look-up of what is still pending.
create index job_instance_pending on job_instance (job_id, acknowledged);
