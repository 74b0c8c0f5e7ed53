package nl.zorgbrug.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.job.Transactions;

/** When listeners hear of an event: in process after the commit; durably from the outbox, across a restart. */
class EventHubTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private final Transactions transactions = Transactions.none();

    private static GatewayEvent action(String user) {
        return new GatewayEvent.PersonAction(user, "cancel", "WAITING -> CANCELLED", 7L, "2.25.1", T);
    }

    @Test
    void anInProcessListenerHearsAnEventOnceItsUnitCommittedAndNeverForARollback() {
        EventHub hub = EventHub.inMemory(transactions);
        List<GatewayEvent> heard = new ArrayList<>();
        hub.subscribe(heard::add);

        transactions.inOne(() -> {
            hub.publish(action("olga"));
            assertThat(heard).as("not before the commit").isEmpty();
            return null;
        });
        assertThat(heard).containsExactly(action("olga"));

        assertThatThrownBy(() -> transactions.inOne(() -> {
            hub.publish(action("piet"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(heard).containsExactly(action("olga"));
    }

    @Test
    void aFailingListenerKeepsNoOtherFromHearing() {
        EventHub hub = EventHub.inMemory(transactions);
        List<GatewayEvent> heard = new ArrayList<>();
        hub.subscribe(e -> {
            throw new IllegalStateException("broken listener");
        });
        hub.subscribe(heard::add);
        hub.publish(action("olga"));
        assertThat(heard).containsExactly(action("olga"));
    }

    @Test
    void aDurableSubscriberIsGivenWhatItHadNotHandledWhenTheNodeStopped() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        EventHub before = new EventHub(transactions, outbox);
        List<GatewayEvent> audit = new ArrayList<>();
        boolean[] stopping = {false};
        before.subscribeDurably("audit", e -> {
            if (stopping[0]) {
                throw new IllegalStateException("the node stops before the audit trail wrote the event");
            }
            audit.add(e);
        });
        before.publish(action("olga"));
        stopping[0] = true;
        before.publish(action("piet"));
        before.publish(action("anna"));
        assertThat(audit).containsExactly(action("olga"));
        assertThat(outbox.position("audit")).isEqualTo(1);

        // The node starts again on the same outbox: recovery catches the subscriber up, in order, from its position.
        EventHub after = new EventHub(transactions, outbox);
        after.subscribeDurably("audit", audit::add);
        after.catchUp();
        assertThat(audit).containsExactly(action("olga"), action("piet"), action("anna"));
        after.catchUp();
        assertThat(audit).as("handled events are not given again").hasSize(3);
    }

    /**
     * Events published together (the intake's received object and where it went) are one outbox row: a durable
     * subscriber that stops between them is given both again, never only the second, and a batch never holds part of
     * the row (issue 17).
     */
    @Test
    void eventsKeptTogetherAreOneRowAndASubscriberPassesItOnlyAfterItsLastEvent() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        EventHub before = new EventHub(transactions, outbox);
        List<GatewayEvent> heard = new ArrayList<>();
        before.subscribe(heard::add);
        List<GatewayEvent> audit = new ArrayList<>();
        boolean[] stopping = {false};
        before.subscribeDurably("audit", e -> {
            if (stopping[0] && e.equals(action("anna"))) {
                throw new IllegalStateException("the node stops between two events of one row");
            }
            audit.add(e);
        });
        before.publish(action("olga"));
        stopping[0] = true;
        before.publishTogether(List.of(action("piet"), action("anna")));
        assertThat(outbox.rows()).isEqualTo(2);
        assertThat(outbox.size()).isEqualTo(3);
        assertThat(heard).as("listeners hear them one by one, in order")
                .containsExactly(action("olga"), action("piet"), action("anna"));
        assertThat(audit).containsExactly(action("olga"), action("piet"));
        assertThat(outbox.position("audit")).as("not past the row whose second event failed").isEqualTo(1);

        EventHub after = new EventHub(transactions, outbox);
        after.subscribeDurably("audit", audit::add);
        after.catchUp();
        assertThat(audit).as("at least once: the row again, whole")
                .containsExactly(action("olga"), action("piet"), action("piet"), action("anna"));
        assertThat(outbox.position("audit")).isEqualTo(2);

        // The limit counts rows, and a row comes whole.
        assertThat(outbox.after(0, 1)).extracting(EventOutbox.Kept::position).containsExactly(1L);
        assertThat(outbox.after(1, 1)).extracting(EventOutbox.Kept::event).containsExactly(action("piet"), action("anna"));
        assertThat(outbox.after(1, 1)).extracting(EventOutbox.Kept::position).containsExactly(2L, 2L);
        assertThat(EventOutbox.positions(outbox.after(0, 10))).isEqualTo(2);
    }

    @Test
    void withoutDurableSubscribersNothingIsKept() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        new EventHub(transactions, outbox).publish(action("olga"));
        assertThat(outbox.after(0, 10)).isEmpty();
    }

    @Test
    void aBatchSubscriberIsNotCalledOnThePublishersThreadAndGetsEverythingWithPositionsAtTheCatchUp() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        EventHub hub = new EventHub(transactions, outbox);
        List<List<EventOutbox.Kept>> batches = new ArrayList<>();
        boolean[] failing = {true};
        hub.subscribeInBatches("audit", batch -> {
            if (failing[0]) {
                throw new IllegalStateException("database down");
            }
            batches.add(batch);
        });
        hub.publish(action("olga"));
        hub.publish(action("piet"));
        assertThat(batches).as("not on the publisher's thread").isEmpty();

        hub.catchUp();
        assertThat(outbox.position("audit")).as("a failed batch stays unhandled").isZero();

        failing[0] = false;
        hub.catchUp();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).extracting(EventOutbox.Kept::event).containsExactly(action("olga"), action("piet"));
        assertThat(batches.get(0)).extracting(EventOutbox.Kept::position).containsExactly(1L, 2L);
        hub.catchUp();
        assertThat(batches).as("handled batches are not given again").hasSize(1);
    }

    @Test
    void aPumpCatchingUpItsOwnSubscriberLeavesTheOthersToTheirOwnPumps() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        EventHub hub = new EventHub(transactions, outbox);
        List<Thread> auditThreads = new ArrayList<>();
        List<Thread> complianceThreads = new ArrayList<>();
        hub.subscribeInBatches("audit", batch -> auditThreads.add(Thread.currentThread()));
        hub.subscribeInBatches("compliance", batch -> complianceThreads.add(Thread.currentThread()));
        hub.publish(action("olga"));

        hub.catchUp("compliance");
        assertThat(complianceThreads).hasSize(1);
        assertThat(auditThreads).as("the audit subscriber waits for its own pump").isEmpty();
        assertThat(outbox.position("audit")).isZero();
        assertThat(outbox.position("compliance")).isEqualTo(1L);

        hub.catchUp("audit");
        assertThat(auditThreads).hasSize(1);
        assertThat(complianceThreads).as("not handed again").hasSize(1);
        assertThatThrownBy(() -> hub.catchUp("billing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'billing'");
    }

    @Test
    void pruneRemovesOnlyWhatEverySubscriberHandledAtMostTheLimitPerCall() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        EventHub hub = new EventHub(transactions, outbox);
        List<EventOutbox.Kept> audit = new ArrayList<>();
        hub.subscribeInBatches("audit", audit::addAll);
        List<GatewayEvent> compliance = new ArrayList<>();
        hub.subscribeDurably("compliance", compliance::add);
        for (int i = 0; i < 10; i++) {
            hub.publish(action("user" + i));
        }
        assertThat(compliance).as("the durable subscriber handled all on the publisher's thread").hasSize(10);
        assertThat(hub.prune(100)).as("the batch subscriber has read nothing yet").isZero();

        hub.catchUp();
        outbox.advance("compliance", 6);
        assertThat(hub.prune(4)).as("bounded: at most the limit per call").isEqualTo(4);
        assertThat(hub.prune(100)).as("up to the slowest subscriber, 6").isEqualTo(2);
        assertThat(outbox.after(0, 100)).extracting(EventOutbox.Kept::position).containsExactly(7L, 8L, 9L, 10L);

        outbox.advance("retired-but-recorded", 8);
        outbox.advance("compliance", 10);
        assertThat(hub.prune(100)).as("a subscriber the outbox remembers holds its events too").isEqualTo(2);
        hub.publish(action("late"));
        hub.catchUp();
        assertThat(audit).extracting(EventOutbox.Kept::position).last().isEqualTo(11L);
        assertThat(outbox.size()).isEqualTo(3);
    }

    @Test
    void withoutDurableSubscribersPruneDoesNothing() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        outbox.append(action("olga"));
        outbox.advance("audit", 1);
        assertThat(new EventHub(transactions, outbox).prune(10)).isZero();
        assertThat(outbox.size()).isEqualTo(1);
    }
}
