package nl.zorgbrug.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;

/**
 * Retention (issue 17): a purge removes exactly the records older than the date, is itself a record in the trail,
 * leaves a signed purge mark so the trail still verifies from there, and tampering after a purge is still found.
 */
class TrailPurgeTest {
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final Actor ADMIN = Actor.person("beheer", "Beheerder", Role.ADMIN, TestEvents.OWN);

    /** 30 records, one a day from T0, checkpointed every 10. */
    private static Fixture fixture() {
        NodeKey key = NodeKey.generate();
        InMemoryAuditStore store = new InMemoryAuditStore();
        AuditTrail trail = new AuditTrail(store, key, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 1; i <= 30; i++) {
            trail.record(TestEvents.numbered(i, T0.plusSeconds(86_400L * i)));
            if (i % 10 == 0) {
                trail.checkpoint();
            }
        }
        return new Fixture(store, trail, key, new TrailPurge(trail, store, key, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    record Fixture(InMemoryAuditStore store, AuditTrail trail, NodeKey key, TrailPurge purge) {
        Verification verify() {
            return new TrailVerifier(store, key.publicKey()).verify();
        }

        TrailPurge.Result purgeBeforeDay(int day) {
            return purge.purge(T0.plusSeconds(86_400L * day), ADMIN, AccessPoint.host("beheer-pc"));
        }

        int indexOf(long seq) {
            for (int i = 0; i < store.records().size(); i++) {
                if (store.records().get(i).seq() == seq) {
                    return i;
                }
            }
            throw new AssertionError("no record " + seq);
        }
    }

    @Test
    void aPurgeRemovesTheOldRecordsRecordsItselfAndTheTrailStillVerifies() {
        Fixture f = fixture();
        TrailPurge.Result r = f.purgeBeforeDay(13);

        assertThat(r.refused()).isFalse();
        assertThat(r.through()).isEqualTo(12);
        assertThat(r.removed()).isEqualTo(12);
        assertThat(f.store().records()).extracting(AuditRecord::seq).first().isEqualTo(13L);
        AuditRecord purgeEvent = f.store().records().get(f.store().records().size() - 1);
        assertThat(purgeEvent.event().type()).isEqualTo(EventType.AUDIT_PURGE);
        assertThat(purgeEvent.event().actor().userId()).isEqualTo("beheer");
        assertThat(purgeEvent.event().objects()).singleElement().extracting(o -> o.id()).isEqualTo("1-12");
        assertThat(purgeEvent.event().detail()).contains("records 1 to 12 older than 2020-01-14T00:00:00Z");

        Verification v = f.verify();
        assertThat(v.intact()).as("%s", v.finding()).isTrue();
        assertThat(v.purgedThrough()).isEqualTo(12);
        assertThat(v.records()).isEqualTo(19);
        assertThat(v.unsignedTail()).as("the purge event is under the checkpoint signed with it").isZero();
    }

    @Test
    void aSecondPurgeStartsWhereTheFirstEndedAndNothingOlderIsStillRecorded() {
        Fixture f = fixture();
        f.purgeBeforeDay(5);
        TrailPurge.Result again = f.purgeBeforeDay(5);
        assertThat(again.mark()).isNull();
        assertThat(again.removed()).isZero();
        TrailPurge.Result more = f.purgeBeforeDay(21);
        assertThat(more.through()).isEqualTo(20);
        assertThat(f.store().purges()).hasSize(2);
        long purgeEvents = f.store().records().stream().filter(r -> r.event().type() == EventType.AUDIT_PURGE).count();
        assertThat(purgeEvents).as("every purge, even one with nothing to do, is in the trail").isEqualTo(3);
        assertThat(f.verify().intact()).as("%s", f.verify().finding()).isTrue();
    }

    @Test
    void aTamperedTrailIsNotPurged() {
        Fixture f = fixture();
        List<AuditRecord> records = f.store().records();
        AuditRecord r = records.get(4);
        records.set(4, new AuditRecord(r.seq(), r.body().replace("event 5", "event 6"), r.previous(), r.hash()));

        TrailPurge.Result result = f.purgeBeforeDay(13);
        assertThat(result.refused()).isTrue();
        assertThat(result.checked().finding().seq()).isEqualTo(5);
        assertThat(f.store().records()).as("the evidence stays").hasSize(30);
        assertThat(f.store().purges()).isEmpty();
    }

    @Test
    void aRecordChangedAfterAPurgeIsFound() {
        Fixture f = fixture();
        f.purgeBeforeDay(13);
        int i = f.indexOf(17);
        AuditRecord r = f.store().records().get(i);
        f.store().records().set(i, new AuditRecord(17, r.body().replace("event 17", "event 18"), r.previous(),
                r.hash()));
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.CHANGED);
        assertThat(v.finding().seq()).isEqualTo(17);
        assertThat(v.finding().contradicts().checkpoint().count()).isEqualTo(20);
    }

    @Test
    void theFirstRecordAfterAPurgeRemovedIsFound() {
        Fixture f = fixture();
        f.purgeBeforeDay(13);
        f.store().records().remove(f.indexOf(13));
        Verification v = f.verify();
        assertThat(v.finding().kind()).isEqualTo(Finding.Kind.REMOVED);
        assertThat(v.finding().seq()).isEqualTo(13);
    }

    @Test
    void theFirstRecordAfterAPurgeRemovedAndTheRestRenumberedIsFound() {
        Fixture f = fixture();
        f.purgeBeforeDay(13);
        List<AuditRecord> records = f.store().records();
        records.remove(0);
        for (int i = 0; i < records.size(); i++) {
            AuditRecord x = records.get(i);
            records.set(i, new AuditRecord(x.seq() - 1, x.body(), x.previous(), x.hash()));
        }
        Verification v = f.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.finding().seq()).isEqualTo(13);
    }

    @Test
    void recordsRemovedBelowAnUnsignedOrForgedPurgeAreFound() {
        Fixture f = fixture();
        f.purgeBeforeDay(13);
        // The attacker removes the purge mark: the trail now starts at 13 with nothing to say why.
        SignedPurge mark = f.store().purgeMarks().remove(0);
        Verification gone = f.verify();
        assertThat(gone.finding().kind()).isEqualTo(Finding.Kind.REMOVED);
        assertThat(gone.finding().seq()).isEqualTo(1);

        // ... or moves it further to hide more, without the key: the signature no longer fits.
        PurgeMark moved = new PurgeMark(20, f.store().records().get(f.indexOf(20)).hash(), mark.mark().before(),
                mark.mark().at());
        f.store().purgeMarks().add(new SignedPurge(1, moved, mark.keyId(), mark.algorithm(), mark.signature()));
        f.store().removeThrough(20);
        Verification forged = f.verify();
        assertThat(forged.finding().kind()).isEqualTo(Finding.Kind.CHECKPOINT_FORGED);
        assertThat(forged.finding().message()).contains("purge 1 (records 1 to 20").contains("did not make");

        // ... or signs one with a key of its own.
        f.store().purgeMarks().set(0, NodeKey.generate().sign(moved).withId(1));
        assertThat(f.verify().finding().kind()).isEqualTo(Finding.Kind.CHECKPOINT_FORGED);
    }

    @Test
    void aPurgeInterruptedBeforeTheRemovalLeavesAVerifiableTrailAndTheNextPurgeFinishesIt() {
        Fixture f = fixture();
        AuditRecord twelve = f.store().records().get(11);
        f.store().addPurge(f.key().sign(new PurgeMark(12, twelve.hash(), T0.plusSeconds(86_400L * 13), NOW)));
        Verification v = f.verify();
        assertThat(v.intact()).as("%s", v.finding()).isTrue();
        assertThat(v.purgedThrough()).isEqualTo(12);

        TrailPurge.Result r = f.purgeBeforeDay(2);
        assertThat(r.removed()).isEqualTo(12);
        assertThat(f.verify().intact()).isTrue();
    }
}
