package nl.zorgbrug.hl7.adt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.hl7.AckText;
import nl.zorgbrug.hl7.Adt;
import nl.zorgbrug.hl7.TestMpi;

/** ADT messages of every version the node reads onto the MPI, and the acknowledgement for each. */
class AdtReceiverTest {
    static final Bsn BSN_A = Bsn.parse("999911120");
    static final Bsn BSN_B = Bsn.parse("999990019");

    final TestMpi t = new TestMpi();
    final AdtReceiver receiver = t.receiver();

    AckText send(Adt message) {
        return AckText.of(receiver.receive(message.bytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"})
    void aRegistrationOfEveryVersionLandsInTheMpiAndIsAcknowledgedInTheSendersVersion(String version) {
        AckText ack = send(Adt.of("A04").version(version).controlId("C-" + version)
                .pid("PAT-1", BSN_A.value(), "validated", "Çelik", "Ayşe", "19700101", "F").pv1());
        assertThat(ack.code()).as(ack.toString()).isEqualTo("AA");
        assertThat(ack.field("MSA", 2)).isEqualTo("C-" + version);
        assertThat(ack.field("MSH", 12)).isEqualTo(version);
        assertThat(ack.field("MSH", 9)).isEqualTo("ACK^A04^ACK");
        MpiPatient p = t.patient("PAT-1");
        assertThat(p.bsn()).isEqualTo(BSN_A);
        assertThat(p.bsnStatus()).isEqualTo(BsnStatus.VALIDATED);
        assertThat(p.familyName()).isEqualTo("Çelik");
        assertThat(p.givenName()).isEqualTo("Ayşe");
        assertThat(p.birthDate()).isEqualTo("19700101");
        assertThat(p.sex()).isEqualTo("F");
        assertThat(t.changes).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A01", "A05", "A08", "A28", "A31"})
    void everyAddOrUpdateEventRegistersThePatient(String event) {
        assertThat(send(Adt.of(event).pid("PAT-2", BSN_B, "verified")).code()).isEqualTo("AA");
        assertThat(t.patient("PAT-2").bsnStatus()).isEqualTo(BsnStatus.VERIFIED);
    }

    @Test
    void theStatusCodesOfTheHospitalAreConfiguredAndAnUnknownCodeAddsNoFact() {
        AdtReceiver hix = t.receiver(new AdtSettings(TestMpi.LOCAL_AUTHORITY, AdtSettings.FieldSpec.parse("PID-32"),
                Set.of("SBVZ"), Set.of("WID")));
        AckText ack = AckText.of(hix.receive(Adt.of("A08").pid("PAT-3", BSN_A, "SBVZ~WID").bytes()));
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(t.patient("PAT-3").bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);

        hix.receive(Adt.of("A08").pid("PAT-3", BSN_A, "XYZ").bytes());
        assertThat(t.patient("PAT-3").bsnStatus()).as("a code the node does not know is not a fact")
                .isEqualTo(BsnStatus.UNCHECKED);

        // No status in the message: the facts known for the same BSN stay.
        hix.receive(Adt.of("A08").pid("PAT-3", BSN_A, "WID").bytes());
        hix.receive(Adt.of("A08").pid("PAT-3", BSN_A, null).bytes());
        assertThat(t.patient("PAT-3").bsnStatus()).isEqualTo(BsnStatus.VALIDATED);
    }

    @Test
    void theStatusMayComeFromAZSegment() {
        AdtReceiver z = t.receiver(new AdtSettings(TestMpi.LOCAL_AUTHORITY, AdtSettings.FieldSpec.parse("ZPI-2"),
                Set.of("GEVERIFIEERD"), Set.of("GEVALIDEERD")));
        AckText ack = AckText.of(z.receive(Adt.of("A31").version("2.3").pid("PAT-4", BSN_A, null)
                .segment("ZPI|1|GEVERIFIEERD~GEVALIDEERD").bytes()));
        assertThat(ack.code()).as(ack.toString()).isEqualTo("AA");
        assertThat(t.patient("PAT-4").bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
    }

    @Test
    void aMessageWithoutTheLocalNumberIsAnsweredAeNamingPid3AndChangesNothing() {
        AckText ack = send(Adt.of("A04").pid(null, BSN_A, "validated"));
        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.errors()).containsExactly("PID^1^3 E");
        assertThat(ack.field("ERR", 8)).contains("ZHVB");
        assertThat(t.mpi.count()).isZero();
        assertThat(t.changes).isZero();
    }

    @Test
    void aBirthDateOrSexThatIsNotOneIsAnsweredAeNamingTheField() {
        assertThat(send(Adt.of("A04").pid("PAT-5", BSN_A.value(), null, "Vries", null, "1970-01-01", "F")).errors())
                .containsExactly("PID^1^7 E");
        assertThat(send(Adt.of("A04").pid("PAT-5", BSN_A.value(), null, "Vries", null, "19700101", "X")).errors())
                .containsExactly("PID^1^8 E");
        assertThat(t.mpi.count()).isZero();
    }

    @Test
    void whatTheNodeDoesNotTakeIsRejectedNamingTheField() {
        assertThat(send(Adt.of("A03").pid("PAT-6", BSN_A, null)).code()).isEqualTo("AR");
        assertThat(send(Adt.of("A03").pid("PAT-6", BSN_A, null)).errors()).containsExactly("MSH^1^9 E");
        assertThat(send(Adt.of("A04").version("2.6").pid("PAT-6", BSN_A, null)).errors()).containsExactly("MSH^1^12 E");
        AckText orm = AckText.of(receiver.receive(Adt.of("A04").pid("PAT-6", BSN_A, null).text()
                .replace("ADT^A04", "ORM^O01").getBytes(StandardCharsets.UTF_8)));
        assertThat(orm.code()).isEqualTo("AR");
        assertThat(orm.field("ERR", 3)).startsWith("200^");
        assertThat(t.mpi.count()).isZero();
    }

    @Test
    void aDuplicateBsnIsAcceptedWithAWarningAndThePatientMarkedConflicted() {
        send(Adt.of("A04").pid("PAT-7", BSN_A, "verified+validated"));
        AckText ack = send(Adt.of("A04").pid("PAT-8", BSN_A, "verified+validated"));
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.errors()).containsExactly("PID^1^3 W");
        assertThat(ack.text()).doesNotContain(BSN_A.value());
        assertThat(t.patient("PAT-7").conflicted()).isFalse();
        assertThat(t.patient("PAT-8").conflict().kind()).isEqualTo(IdentityConflict.Kind.DUPLICATE_BSN);
        // A later message does not clear it: only a person does.
        send(Adt.of("A08").pid("PAT-8", BSN_B, "verified+validated"));
        assertThat(t.patient("PAT-8").conflicted()).isTrue();
    }

    @Test
    void aBsnFailingTheElevenProofIsAcceptedWithAWarningAndKeepsTheNumberTheMpiHad() {
        send(Adt.of("A04").pid("PAT-9", BSN_A, "validated"));
        AckText ack = send(Adt.of("A08").pid("PAT-9", "999911121", "validated", "Vries", "Ella", "19700101", "F"));
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.errors()).containsExactly("PID^1^3 W");
        MpiPatient p = t.patient("PAT-9");
        assertThat(p.bsn()).isEqualTo(BSN_A);
        assertThat(p.conflict().kind()).isEqualTo(IdentityConflict.Kind.INVALID_BSN);
    }

    @Test
    void aMergeMovesThePatientToTheSurvivingNumber() {
        send(Adt.of("A04").pid("OLD-1", BSN_A, "validated"));
        AckText ack = send(Adt.of("A40").pid("NEW-1", BSN_A, "verified+validated").mrg("OLD-1"));
        assertThat(ack.code()).as(ack.toString()).isEqualTo("AA");
        assertThat(ack.errors()).isEmpty();
        assertThat(t.mpi.byLocalId("OLD-1", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.patient("NEW-1").bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(t.patient("NEW-1").conflicted()).isFalse();
    }

    @Test
    void aMergeOrAChangeOfNumberRepointsWhatTheGatewayHoldsUnderThePriorNumber() {
        t.held.putJob(1, JobState.HELD, "OLD-7");
        t.held.putJob(2, JobState.DONE, "OLD-7");
        t.held.putQuarantineLink(3, "OLD-7");
        t.held.putJob(4, JobState.WAITING, "OLD-8");
        send(Adt.of("A04").pid("OLD-7", BSN_A, "validated"));

        assertThat(send(Adt.of("A40").pid("NEW-7", BSN_A, "validated").mrg("OLD-7")).code()).isEqualTo("AA");
        assertThat(t.held.patientOf(1)).isEqualTo("NEW-7");
        assertThat(t.held.patientOf(2)).as("delivered: listed, not re-pointed").isEqualTo("OLD-7");
        assertThat(t.held.quarantineLinkOf(3)).isEqualTo("NEW-7");
        assertThat(t.held.deliveredUnderPrior(10)).extracting(d -> d.jobId()).containsExactly(2L);
        assertThat(t.jobs.events()).anyMatch(e -> e.contains("job 1 automatic merge A40:"));

        // An A47 for a number the MPI never had: objects may be held under it all the same.
        assertThat(send(Adt.of("A47").pid("NEW-8", BSN_B, "validated").mrg("OLD-8")).code()).isEqualTo("AA");
        assertThat(t.held.patientOf(4)).isEqualTo("NEW-8");
        assertThat(t.held.survivorOf("OLD-8")).contains("NEW-8");

        // A refused message re-points nothing (one message, one transaction).
        t.held.putJob(5, JobState.HELD, "OLD-9");
        assertThat(send(Adt.of("A40").pid("OLD-9", BSN_B, "validated").mrg("OLD-9")).code()).isEqualTo("AE");
        assertThat(t.held.patientOf(5)).isEqualTo("OLD-9");
    }

    @Test
    void aMergeOfTwoPatientsWithDifferentBsnsMarksTheSurvivorConflicted() {
        send(Adt.of("A04").pid("OLD-2", BSN_A, "validated"));
        AckText ack = send(Adt.of("A40").pid("NEW-2", BSN_B, "validated").mrg("OLD-2"));
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.errors()).containsExactly("MRG^1^1 W");
        assertThat(t.patient("NEW-2").conflict().kind()).isEqualTo(IdentityConflict.Kind.MERGED_DIFFERENT_BSN);
    }

    @Test
    void anA40WithSeveralPairsIsAppliedWholeOrNotAtAll() {
        send(Adt.of("A04").pid("OLD-3", BSN_A, "validated"));
        send(Adt.of("A04").pid("OLD-4", BSN_B, "validated"));
        // The second pair merges a number into itself: refused, and the first pair is not applied either.
        AckText ack = send(Adt.of("A40").pid("NEW-3", BSN_A, "validated").mrg("OLD-3")
                .pid("OLD-4", BSN_B, "validated").mrg("OLD-4"));
        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.errors()).containsExactly("MRG^1^1 E");
        assertThat(t.mpi.byLocalId("OLD-3", TestMpi.LOCAL_ISSUER)).isPresent();
        assertThat(t.mpi.byLocalId("NEW-3", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.changes).isEqualTo(2);
    }

    @Test
    void aChangeOfIdentifierRenumbersThePatientAndKeepsItsFacts() {
        send(Adt.of("A04").pid("OLD-5", BSN_A, "verified+validated"));
        AckText ack = send(Adt.of("A47").pid("NEW-5", BSN_A, null).mrg("OLD-5"));
        assertThat(ack.code()).as(ack.toString()).isEqualTo("AA");
        assertThat(t.mpi.byLocalId("OLD-5", TestMpi.LOCAL_ISSUER)).isEmpty();
        assertThat(t.patient("NEW-5").bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);

        send(Adt.of("A04").pid("OTHER-5", BSN_B, "validated"));
        AckText onto = send(Adt.of("A47").pid("NEW-5", BSN_A, null).mrg("OTHER-5"));
        assertThat(onto.code()).isEqualTo("AE");
        assertThat(onto.errors()).containsExactly("PID^1^3 E");
        assertThat(t.mpi.byLocalId("OTHER-5", TestMpi.LOCAL_ISSUER)).isPresent();
    }

    @Test
    void anUnlinkGivesTwoPatientsAndAConflictWhenTheyShareTheBsn() {
        AckText ack = send(Adt.of("A37").pid("ONE-6", BSN_A, "validated").pv1().pid("TWO-6", BSN_A, "validated"));
        assertThat(ack.code()).as(ack.toString()).isEqualTo("AA");
        assertThat(t.patient("ONE-6").conflicted()).isFalse();
        assertThat(t.patient("TWO-6").conflicted()).isTrue();
        assertThat(ack.errors()).containsExactly("PID^1^3 W");
    }
}
