package nl.zorgbrug.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;

/**
 * The exporter with a repository that can be switched off: records go in the trail's order, a failed one is sent
 * again after the back-off (and none after it overtakes), and an exporter made anew on the same cursor (a node
 * restart) sends nothing twice.
 */
class AuditExporterTest {
    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A repository that keeps what it got, and refuses while down. */
    static final class Repository implements AuditRepository {
        final List<Long> got = new ArrayList<>();
        boolean down;
        int refused;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void send(AuditRecord record) {
            if (down) {
                refused++;
                throw new ExportException("repository down");
            }
            got.add(record.seq());
        }
    }

    private final InMemoryAuditStore store = new InMemoryAuditStore();
    private final TestClock clock = new TestClock();
    private final AuditTrail trail = new AuditTrail(store, NodeKey.generate(), clock);
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5));

    private void record(int from, int to) {
        trail.recordAll(IntStream.rangeClosed(from, to).mapToObj(n -> TestEvents.numbered(n, T0)).toList());
    }

    private AuditExporter exporter(ExportCursor cursor, Repository repository) {
        return new AuditExporter(store, trail::count, cursor, repository, backoff, clock, 4);
    }

    @Test
    void recordsGoInOrderAndAFailedOneIsSentAgainAfterTheBackOff() {
        ExportCursor cursor = new InMemoryExportCursor(0);
        Repository repository = new Repository();
        AuditExporter exporter = exporter(cursor, repository);
        record(1, 10);

        assertThat(exporter.exportDue()).isEqualTo(10);
        assertThat(repository.got).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(exporter.backlog()).isZero();

        repository.down = true;
        record(11, 15);
        assertThat(exporter.exportDue()).isZero();
        assertThat(exporter.backlog()).isEqualTo(5);
        assertThat(exporter.status().failuresInARow()).isEqualTo(1);
        assertThat(exporter.status().nextAttempt()).isEqualTo(T0.plusSeconds(1));

        // Within the back-off nothing is tried; after it the same record is tried again, and fails again.
        assertThat(exporter.exportDue()).isZero();
        assertThat(repository.refused).isEqualTo(1);
        clock.now = T0.plusSeconds(1);
        assertThat(exporter.exportDue()).isZero();
        assertThat(repository.refused).isEqualTo(2);
        assertThat(exporter.status().nextAttempt()).isEqualTo(T0.plusSeconds(3));
        assertThat(exporter.status().lastFailure()).contains("repository down");

        repository.down = false;
        record(16, 17);
        clock.now = T0.plusSeconds(3);
        assertThat(exporter.exportDue()).isEqualTo(7);
        assertThat(repository.got).containsExactlyElementsOf(LongRange.of(1, 17));
        assertThat(exporter.status().failuresInARow()).isZero();
        assertThat(exporter.status().nextAttempt()).isNull();
        assertThat(cursor.acknowledged()).isEqualTo(17);
    }

    @Test
    void aNewExporterOnTheSameCursorSendsNothingTwice() {
        ExportCursor cursor = new InMemoryExportCursor(0);
        Repository before = new Repository();
        record(1, 6);
        exporter(cursor, before).exportDue();

        record(7, 9);
        Repository after = new Repository();
        assertThat(exporter(cursor, after).exportDue()).isEqualTo(3);
        assertThat(after.got).containsExactly(7L, 8L, 9L);
        assertThat(before.got).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void theBackOffGrowsToItsMaximum() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(40)).isEqualTo(Duration.ofSeconds(5));
    }

    /** 1..n as a list of longs. */
    static final class LongRange {
        static List<Long> of(long from, long to) {
            return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
        }
    }
}
