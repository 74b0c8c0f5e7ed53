package nl.zorgbrug.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AuditEvent;

/**
 * Group commit (docs/benchmarks.md, "Where an 8-client ITI-18 waits"): callers recording at the same moment share an
 * append, yet each returns only once its own events are committed, the chain stays one, and a record the store
 * refuses fails only the caller who brought it.
 */
class AuditTrailGroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    /** An in-memory store whose appends take a while, as a database commit does, and which can refuse an event. */
    private static final class SlowStore {
        final InMemoryAuditStore records = new InMemoryAuditStore();
        final AtomicInteger appends = new AtomicInteger();
        final List<Integer> appendSizes = new CopyOnWriteArrayList<>();
        volatile UUID refused;
        volatile CountDownLatch firstAppendHeld;
        final AuditStore store = (AuditStore) Proxy.newProxyInstance(AuditStore.class.getClassLoader(),
                new Class<?>[] {AuditStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appendAfterHead")) {
                        @SuppressWarnings("unchecked")
                        Function<Optional<AuditRecord>, AuditStore.Chained> chain =
                                (Function<Optional<AuditRecord>, AuditStore.Chained>) args[0];
                        return records.appendAfterHead(last -> slowly(chain.apply(last)));
                    }
                    try {
                        return method.invoke(records, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        private AuditStore.Chained slowly(AuditStore.Chained made) {
            appends.incrementAndGet();
            appendSizes.add(made.events().size());
            CountDownLatch held = firstAppendHeld;
            try {
                if (held != null) {
                    firstAppendHeld = null;
                    held.await(10, TimeUnit.SECONDS);
                }
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (made.events().stream().anyMatch(e -> e.id().equals(refused))) {
                throw new IllegalStateException("test store refuses event " + refused);
            }
            return made;
        }
    }

    @Test
    void concurrentCallersShareAppendsAndEachReturnsOnlyOnceItsEventsAreIn() throws Exception {
        SlowStore slow = new SlowStore();
        NodeKey key = NodeKey.generate();
        AuditTrail trail = new AuditTrail(slow.store, key, Clock.fixed(T0, ZoneOffset.UTC));
        int callers = 16;
        int each = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<List<String>>> done = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(pool.submit(() -> {
                    start.await();
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        AuditEvent e = TestEvents.numbered(caller * 1000 + i, T0.plusSeconds(i));
                        trail.record(e);
                        if (slow.records.existing(List.of(e.id())).isEmpty()) {
                            missing.add("caller " + caller + " event " + i);
                        }
                    }
                    return missing;
                }));
            }
            start.countDown();
            for (Future<List<String>> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).as("events not in the trail when record returned").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(slow.records.records()).hasSize(callers * each);
        assertThat(slow.records.records().stream().map(r -> r.event().id()).distinct()).hasSize(callers * each);
        assertThat(slow.appends.get()).as("appends for %d records", callers * each).isLessThan(callers * each);
        trail.checkpoint();
        Verification v = new TrailVerifier(slow.records, key.publicKey()).verify();
        assertThat(v.intact()).as("%s", v.finding()).isTrue();
        assertThat(v.records()).isEqualTo(callers * each);
    }

    @Test
    void aRecordTheStoreRefusesFailsOnlyTheCallerWhoBroughtIt() throws Exception {
        SlowStore slow = new SlowStore();
        NodeKey key = NodeKey.generate();
        AuditTrail trail = new AuditTrail(slow.store, key, Clock.fixed(T0, ZoneOffset.UTC));
        AuditEvent first = TestEvents.numbered(1, T0);
        AuditEvent bad = TestEvents.numbered(2, T0);
        List<AuditEvent> good = List.of(TestEvents.numbered(3, T0), TestEvents.numbered(4, T0),
                TestEvents.numbered(5, T0));
        slow.refused = bad.id();
        CountDownLatch hold = new CountDownLatch(1);
        slow.firstAppendHeld = hold;
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            // The first append is held, so the callers after it queue and are appended together.
            Future<?> firstDone = pool.submit(() -> trail.record(first));
            while (slow.appends.get() == 0) {
                Thread.sleep(1);
            }
            Future<?> badDone = pool.submit(() -> trail.record(bad));
            List<Future<?>> goodDone = new ArrayList<>();
            for (AuditEvent e : good) {
                goodDone.add(pool.submit(() -> trail.record(e)));
            }
            Thread.sleep(500);
            hold.countDown();
            firstDone.get(30, TimeUnit.SECONDS);
            for (Future<?> f : goodDone) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> badDone.get(30, TimeUnit.SECONDS)).hasRootCauseMessage(
                    "test store refuses event " + bad.id());
        } finally {
            pool.shutdownNow();
        }
        assertThat(slow.appendSizes).as("a shared append was tried with the refused event among others")
                .anyMatch(n -> n > 1);
        Set<UUID> in = slow.records.existing(List.of(first.id(), bad.id(), good.get(0).id(), good.get(1).id(),
                good.get(2).id()));
        assertThat(in).containsExactlyInAnyOrder(first.id(), good.get(0).id(), good.get(1).id(), good.get(2).id());
        trail.checkpoint();
        assertThat(new TrailVerifier(slow.records, key.publicKey()).verify().intact()).isTrue();
    }
}
