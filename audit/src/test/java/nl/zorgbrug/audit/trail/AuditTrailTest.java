package nl.zorgbrug.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AuditEvent;

/**
 * The trail's promise (issue 17): an intact trail verifies; a record changed, removed or inserted, by someone with
 * write access to the storage who knows how the hashes are made, is found and named with the checkpoint it
 * contradicts.
 */
class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    /** A trail of {@code n} events, checkpointed after every {@code every} records and at the end. */
    static Fixture trail(int n, int every) {
        NodeKey key = NodeKey.generate();
        InMemoryAuditStore store = new InMemoryAuditStore();
        AuditTrail trail = new AuditTrail(store, key, Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 1; i <= n; i++) {
            trail.record(TestEvents.numbered(i, T0.plusSeconds(i)));
            if (i % every == 0) {
                trail.checkpoint();
            }
        }
        trail.checkpoint();
        return new Fixture(store, trail, key);
    }

    record Fixture(InMemoryAuditStore store, AuditTrail trail, NodeKey key) {
        Verification verify() {
            return new TrailVerifier(store, key.publicKey()).verify();
        }
    }

    @Test
    void anIntactTrailVerifiesWithEveryRecordUnderASignature() {
        Fixture f = trail(25, 10);
        Verification v = f.verify();
        assertThat(v.intact()).as("%s", v.finding()).isTrue();
        assertThat(v.records()).isEqualTo(25);
        assertThat(v.checkpoints()).isEqualTo(3);
        assertThat(v.unsignedTail()).isZero();
        assertThat(f.trail().checkpoint()).as("nothing new, no new checkpoint").isNull();
    }

    @Test
    void anEventToldTwiceIsKeptOnce() {
        Fixture f = trail(3, 10);
        f.trail().recordAll(List.of(TestEvents.numbered(2, T0), TestEvents.numbered(4, T0), TestEvents.numbered(4, T0)));
        assertThat(f.store().records()).hasSize(4);
        assertThat(f.verify().intact()).isTrue();
    }

    @Test
    void aChangedRecordIsNamedWithTheCheckpointItContradicts() {
        Fixture f = trail(25, 10);
        Tamper.change(f.store().records(), 14, false);
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.CHANGED);
        assertThat(v.finding().seq()).isEqualTo(14);
        assertThat(v.finding().contradicts().checkpoint().count()).isEqualTo(20);
        assertThat(v.finding().message()).contains("audit record 14 changed").contains("checkpoint 2 (20 records");
    }

    @Test
    void aRemovedRecordIsNamed() {
        Fixture f = trail(25, 10);
        f.store().records().remove(6);
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.REMOVED);
        assertThat(v.finding().seq()).isEqualTo(7);
        assertThat(v.finding().message()).contains("audit record 7 removed").contains("checkpoint 1 (10 records");
    }

    @Test
    void theLastRecordsRemovedAreNamedByTheCheckpointThatCountedThem() {
        Fixture f = trail(25, 10);
        f.store().records().subList(22, 25).clear();
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.REMOVED);
        assertThat(v.finding().seq()).isEqualTo(23);
        assertThat(v.finding().message()).contains("audit records 23 to 25 removed").contains("checkpoint 3");
    }

    @Test
    void aRecordSlippedInWithAForgedHashIsNamedAsInserted() {
        Fixture f = trail(25, 10);
        Tamper.insert(f.store().records(), 8, TestEvents.numbered(999, T0));
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.INSERTED);
        assertThat(v.finding().seq()).isEqualTo(9);
        assertThat(v.finding().message()).contains("audit record 9 inserted").contains("checkpoint 1 (10 records");
    }

    @Test
    void aTrailRewrittenWithEveryHashRecomputedContradictsTheSignedCheckpoint() {
        Fixture f = trail(25, 10);
        Tamper.change(f.store().records(), 14, true);
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.CHECKPOINT_CONTRADICTED);
        assertThat(v.finding().seq()).isEqualTo(20);
        assertThat(v.finding().message()).contains("checkpoint 2 (20 records").contains("the change lies after 10");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsForged() {
        Fixture f = trail(5, 10);
        NodeKey other = NodeKey.generate();
        f.store().addCheckpoint(other.sign(new Checkpoint(5, f.store().records().get(4).hash(), T0)));
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.CHECKPOINT_FORGED);
        assertThat(v.finding().message()).contains("checkpoint 2");
    }

    @Test
    void theKeyIsMadeOnceAndReadBack(@TempDir Path dir) throws Exception {
        NodeKey made = NodeKey.loadOrCreate(dir);
        NodeKey again = NodeKey.loadOrCreate(dir);
        SignedCheckpoint s = again.sign(new Checkpoint(1, Digest.GENESIS, T0));
        assertThat(NodeKey.verify(s, made.publicKey())).isTrue();
        assertThat(NodeKey.verify(s, NodeKey.readPublicKey(dir.resolve(NodeKey.PUBLIC_FILE)))).isTrue();
        Files.delete(dir.resolve(NodeKey.PUBLIC_FILE));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeKey.loadOrCreate(dir))
                .hasMessageContaining("incomplete");
    }

    /** Whatever single tampering, wherever, verification finds it at that record or at the checkpoint after it. */
    @Property(tries = 200)
    void everySingleTamperingIsFound(@ForAll("cases") Case c) {
        Fixture f = trail(c.length, c.every);
        List<AuditRecord> records = f.store().records();
        int i = c.at % c.length;
        switch (c.kind) {
            case CHANGED -> Tamper.change(records, i + 1, false);
            case REMOVED -> records.remove(i);
            case INSERTED -> Tamper.insert(records, i, TestEvents.numbered(10_000 + i, T0));
            default -> Tamper.change(records, i + 1, true);
        }
        Verification v = f.verify();
        assertThat(v.intact()).as("tampering %s at %d of %d", c.kind, i + 1, c.length).isFalse();
        if (c.kind != Finding.Kind.CHECKPOINT_CONTRADICTED) {
            assertThat(v.finding().kind()).isEqualTo(c.kind);
        }
    }

    record Case(int length, int every, int at, Finding.Kind kind) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(Finding.Kind.CHANGED, Finding.Kind.REMOVED,
                        Finding.Kind.INSERTED, Finding.Kind.CHECKPOINT_CONTRADICTED)).as(Case::new);
    }

    /** What an attacker with write access to the storage, who knows the hash, does. */
    static final class Tamper {
        /** Changes record {@code seq}'s text; with {@code recompute} also its hash and every hash after it. */
        static void change(List<AuditRecord> records, long seq, boolean recompute) {
            int i = (int) seq - 1;
            AuditRecord r = records.get(i);
            String body = r.body().replace("detail=event", "detail=nothing happened in event");
            if (!recompute) {
                records.set(i, new AuditRecord(r.seq(), body, r.previous(), r.hash()));
                return;
            }
            Digest previous = r.previous();
            for (int j = i; j < records.size(); j++) {
                AuditRecord x = records.get(j);
                String b = j == i ? body : x.body();
                AuditRecord y = new AuditRecord(x.seq(), b, previous, AuditRecord.hashOf(previous, b));
                records.set(j, y);
                previous = y.hash();
            }
        }

        /** Slips a well-formed record in after {@code index} records, linked to its predecessor, renumbering the rest. */
        static void insert(List<AuditRecord> records, int index, AuditEvent event) {
            Digest previous = index == 0 ? Digest.GENESIS : records.get(index - 1).hash();
            records.add(index, AuditRecord.chain(index + 1, event, previous));
            for (int j = index + 1; j < records.size(); j++) {
                AuditRecord x = records.get(j);
                records.set(j, new AuditRecord(j + 1, x.body(), x.previous(), x.hash()));
            }
        }
    }
}
