-- Issue 22: several nodes on one database append to one audit trail. Each record's seq follows the last without a gap
-- and carries the last one's hash (V16), so every append must read the head and write after it with no other append in
-- between. Every append (and every checkpoint, whose counts must never go down) first locks this one row
-- (SELECT ... FOR UPDATE) for its transaction; another node's append waits for the commit and then reads the new head.
-- Not part of the trail: this row is never updated, only locked (which on PostgreSQL needs the UPDATE privilege on
-- this table, docs/audit.md "Database roles").
create table audit_append_lock (
    id  int  primary key
);
insert into audit_append_lock (id) values (1);
