package nl.zorgbrug.audit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.InMemoryEventOutbox;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * The gateway's events in the trail: what arrived from whom for which patient, what was sent, quarantined and done
 * by people; every event once, also when the node stopped between writing the trail and moving its position.
 */
class GatewayAuditorTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Bsn BSN = TestEvents.bsn(new Random(17));
    private final NodeKey key = NodeKey.generate();
    private final InMemoryAuditStore store = new InMemoryAuditStore();
    private final AuditTrail trail = new AuditTrail(store, key, Clock.fixed(T, ZoneOffset.UTC));
    private final GatewayAuditor auditor = new GatewayAuditor(trail, Actor.system("zorgbrug-test", TestEvents.OWN),
            job -> job == 7 ? Optional.of(PatientRef.of(BSN)) : Optional.empty(),
            user -> Actor.person(user, "Olga de Vries", Role.OPERATOR, TestEvents.OWN));

    private static void publishAScenario(EventHub hub) {
        hub.publish(new GatewayEvent.ObjectReceived("export", Direction.EXPORT, "2.25.1", "2.25.1.1", "1.2.840.10008.5.1.4.1.1.2",
                "CT_ROOM1", 1000, GatewayEvent.Decision.FORWARD, Verdict.CORRECT, T));
        hub.publish(new GatewayEvent.JoinedJob(7, "umcx", Direction.EXPORT, "export", "2.25.1", "2.25.1.1",
                "1.2.840.10008.5.1.4.1.1.2", "/spool/x.dcm", 1000, false, JobState.WAITING, T));
        hub.publish(new GatewayEvent.ObjectReceived("export", Direction.EXPORT, "2.25.2", "2.25.2.1", "1.2.840.10008.5.1.4.1.1.2",
                "CT_ROOM1", 1000, GatewayEvent.Decision.QUARANTINE, Verdict.NO_BSN, T));
        hub.publish(new GatewayEvent.Quarantined("export", "2.25.2", "2.25.2.1", "NO_BSN", Verdict.NO_BSN, T));
        hub.publish(new GatewayEvent.JobStateChanged(7, "umcx", Direction.EXPORT, JobState.IN_PROGRESS, JobState.DONE,
                "all acknowledged", T.plusSeconds(40)));
        hub.publish(new GatewayEvent.Delivered(7, "umcx", Direction.EXPORT, 1, T.plusSeconds(40)));
        hub.publish(new GatewayEvent.PersonAction("olga", "reject", "wrong patient", null, "2.25.2", T.plusSeconds(60)));
    }

    @Test
    void everyGatewayEventBecomesARecordWithItsPatientSenderAndLegalBasis() {
        EventHub hub = EventHub.inMemory(Transactions.none());
        hub.subscribeInBatches("audit", auditor);
        publishAScenario(hub);
        assertThat(store.records()).as("nothing is written on the publisher's thread").isEmpty();
        hub.catchUp();

        List<AuditEvent> events = store.records().stream().map(AuditRecord::event).toList();
        assertThat(events).extracting(AuditEvent::type).containsExactly(EventType.RECEIVE, EventType.QUARANTINE,
                EventType.SEND, EventType.SEND, EventType.QUARANTINE_ACTION);
        assertThat(events.get(2).detail()).contains("IN_PROGRESS -> DONE");
        assertThat(events.get(2).legalBasis()).as("an automatic export route: said, not invented")
                .isEqualTo(new LegalBasis.Referral("export, no referral given"));
        AuditEvent receive = events.get(0);
        assertThat(receive.patient().bsn()).isEqualTo(BSN);
        assertThat(receive.actor().userId()).isEqualTo("CT_ROOM1");
        assertThat(receive.accessPoint().aeTitle()).isEqualTo("CT_ROOM1");
        assertThat(receive.objects()).contains(ObjectRef.study("2.25.1"), ObjectRef.sopInstance("2.25.1.1"),
                ObjectRef.job(7));
        assertThat(receive.legalBasis()).isEqualTo(new LegalBasis.Referral("route export, no referral given"));
        assertThat(events.get(3).legalBasis()).isEqualTo(new LegalBasis.Referral("export, no referral given"));
        assertThat(receive.detail()).contains("FORWARD").contains("CORRECT");
        assertThat(events.get(1).detail()).contains("NO_BSN");
        assertThat(events.get(3).patient().bsn()).isEqualTo(BSN);
        assertThat(events.get(3).destination().name()).isEqualTo("umcx");
        assertThat(events.get(4).actor()).isEqualTo(Actor.person("olga", "Olga de Vries", Role.OPERATOR,
                TestEvents.OWN));
        assertThat(events.get(4).objects()).extracting(ObjectRef::kind).containsExactly(ObjectKind.STUDY);
        trail.checkpoint();
        assertThat(new TrailVerifier(store, key.publicKey()).verify().intact()).isTrue();
    }

    /**
     * Issue 17, "Enforcement": a push on referral records the referral. A study a person sent through the send form
     * with a referral reason: the person's send, the export's receive, the DONE and the Delivered all name the
     * referral and the send; the job's referral is asked once per job per batch; an emergency route stays an
     * emergency unless a person sent the study urgently on a referral (issue 20 part 7: then the referral), and an
     * import is the own treatment, whatever referral its job holds.
     */
    @Test
    void everyEventOfAPushOnReferralNamesTheReferralAndThePersonsSend() {
        int[] asked = {0};
        Instant sentAt = T.minusSeconds(30);
        GatewayAuditor onReferral = new GatewayAuditor(trail, Actor.system("zorgbrug-test", TestEvents.OWN),
                job -> job == 7 ? Optional.of(PatientRef.of(BSN)) : Optional.empty(),
                user -> Actor.person(user, "Olga de Vries", Role.OPERATOR, TestEvents.OWN),
                job -> {
                    asked[0]++;
                    return Optional.of(new ReferralLookup.JobReferral("Verwijzing neurochirurgie, vraag: MDO",
                            job == 7 || job == 10 ? "olga" : null, sentAt));
                });
        EventHub hub = EventHub.inMemory(Transactions.none());
        hub.subscribeInBatches("audit", onReferral);
        hub.publish(new GatewayEvent.PersonAction("olga", "send", "to umcx, referral: Verwijzing neurochirurgie", 7L,
                "2.25.1", sentAt));
        publishAScenario(hub);
        hub.publish(new GatewayEvent.JoinedJob(8, "umcx", Direction.EXPORT, "spoed", "2.25.3", "2.25.3.1",
                "1.2.840.10008.5.1.4.1.1.2", "/spool/y.dcm", 1000, true, JobState.WAITING, T));
        hub.publish(new GatewayEvent.JoinedJob(9, "ownpacs", Direction.IMPORT, "import", "2.25.4", "2.25.4.1",
                "1.2.840.10008.5.1.4.1.1.2", "/spool/z.dcm", 1000, false, JobState.WAITING, T));
        // Issue 20 part 7: a person's "send urgently" (job 10, on referral, sent by olga) over the urgent route.
        hub.publish(new GatewayEvent.JoinedJob(10, "umcx", Direction.EXPORT, "spoed", "2.25.5", "2.25.5.1",
                "1.2.840.10008.5.1.4.1.1.2", "/spool/u.dcm", 1000, true, JobState.WAITING, T));
        hub.catchUp();

        List<AuditEvent> events = store.records().stream().map(AuditRecord::event).toList();
        assertThat(events).extracting(AuditEvent::type).containsExactly(EventType.JOB_ACTION, EventType.RECEIVE,
                EventType.QUARANTINE, EventType.SEND, EventType.SEND, EventType.QUARANTINE_ACTION, EventType.RECEIVE,
                EventType.IMPORT, EventType.RECEIVE);
        String sent = "; referral: Verwijzing neurochirurgie, vraag: MDO; sent by olga at " + sentAt;
        assertThat(events.get(0).legalBasis()).as("the person's send").isEqualTo(new LegalBasis.Referral("send" + sent));
        assertThat(events.get(1).legalBasis()).isEqualTo(new LegalBasis.Referral("route export" + sent));
        assertThat(events.get(3).legalBasis()).isEqualTo(new LegalBasis.Referral("export" + sent));
        assertThat(events.get(4).legalBasis()).isEqualTo(new LegalBasis.Referral("export" + sent));
        assertThat(events.get(2).legalBasis()).as("a quarantine sends nothing").isNull();
        assertThat(events.get(5).legalBasis()).as("a rejection sends nothing").isNull();
        assertThat(events.get(6).legalBasis()).as("an urgent route without a person's send on referral")
                .isEqualTo(new LegalBasis.Emergency("emergency route spoed"));
        assertThat(events.get(7).legalBasis()).isEqualTo(new LegalBasis.Treatment());
        assertThat(events.get(8).legalBasis()).as("a person's send urgently goes out on its referral")
                .isEqualTo(new LegalBasis.Referral("urgent route spoed" + sent));
        assertThat(asked[0]).as("each export job once in the batch (7, 8, 10); the import not at all").isEqualTo(3);
        trail.checkpoint();
        assertThat(new TrailVerifier(store, key.publicKey()).verify().intact()).isTrue();
    }

    /** The reference in words: a referral reason with or without a person's send, and none given. */
    @Test
    void aReferralWithoutReasonSaysSoAndBlankIsNone() {
        assertThat(new ReferralLookup.JobReferral("  Verwijzing cardiologie ", null, T).basis("route export-umcx"))
                .isEqualTo(new LegalBasis.Referral("route export-umcx; referral: Verwijzing cardiologie"));
        assertThat(new ReferralLookup.JobReferral(" ", "olga", T).basis("export"))
                .isEqualTo(new LegalBasis.Referral("export, no referral given; sent by olga at " + T));
        assertThat(ReferralLookup.JobReferral.NONE.basis("route export"))
                .isEqualTo(new LegalBasis.Referral("route export, no referral given"));
    }

    @Test
    void aNodeThatStoppedAfterWritingTheTrailButBeforeMovingItsPositionWritesNothingTwice() {
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        boolean[] stop = {true};
        EventOutbox stopping = new EventOutbox() {
            @Override
            public long append(GatewayEvent event) {
                return outbox.append(event);
            }

            @Override
            public List<Kept> after(long position, int limit) {
                return outbox.after(position, limit);
            }

            @Override
            public long position(String subscriber) {
                return outbox.position(subscriber);
            }

            @Override
            public void advance(String subscriber, long position) {
                if (stop[0]) {
                    throw new IllegalStateException("the node stops before it records its position");
                }
                outbox.advance(subscriber, position);
            }

            @Override
            public java.util.Map<String, Long> positions() {
                return outbox.positions();
            }

            @Override
            public int prune(long position, int limit) {
                return outbox.prune(position, limit);
            }
        };
        EventHub before = new EventHub(Transactions.none(), stopping);
        before.subscribeInBatches("audit", auditor);
        publishAScenario(before);
        try {
            before.catchUp();
        } catch (IllegalStateException expected) {
            // the crash
        }
        assertThat(store.records()).hasSize(5);

        stop[0] = false;
        EventHub after = new EventHub(Transactions.none(), stopping);
        after.subscribeInBatches("audit", auditor);
        after.catchUp();
        assertThat(store.records()).as("handed again, kept once").hasSize(5);
        assertThat(outbox.position("audit")).isEqualTo(7);
    }
}
