-- Issue 17, "configuration changes" in the audit trail: the node's settings as it last started with them. At every
-- start the node compares its settings with these rows and writes each difference (a user added or removed, a role
-- or password changed, a route or any other zorgbrug.* setting changed) as a USER_CHANGE, ROLE_CHANGE or
-- CONFIGURATION_CHANGE event, then stores the new values. Secrets are kept only as a keyed fingerprint (HMAC-SHA256
-- with a key in the data directory), never as they are. Not the trail: rows are replaced at every start.
create table setting_seen (
    name    varchar(400)  primary key,
    val     varchar(4000) not null,
    seen_at timestamp     not null
);
