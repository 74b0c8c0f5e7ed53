-- Issue 22: the outbox's commit-order gap. An event's id is taken when it is inserted, its row is seen when its
-- transaction commits: with several writers (a node's threads, several nodes) an event with id 7 may commit after the
-- event with id 8 was handed to a subscriber, whose position (8) then passed it for good. Now a batch subscriber that
-- moves its position over ids it did not see keeps them here, with when it passed them; each later catch-up hands
-- those of them that have committed meanwhile (and forgets them), and forgets the ones older than a few minutes (their
-- transaction was rolled back, or never commits). The outbox keeps every event at or above the lowest id still kept
-- here, whatever the subscribers' positions.
create table gateway_event_hole (
    subscriber  varchar(64)  not null,
    id          bigint       not null,
    seen        timestamp with time zone not null,
    primary key (subscriber, id)
);
