package nl.zorgbrug.audit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.bsn.Bsn;

/** The canonical form the hash chain covers: a function of the event, and read back to the same event. */
class AuditCodecTest {

    @Property(tries = 300)
    void everyEventReadsBackAsItselfWhateverItsText(@ForAll long seed, @ForAll String detail,
                                                    @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long millis) {
        AuditEvent event = TestEvents.full(TestEvents.bsn(new Random(seed)), Instant.ofEpochMilli(millis), detail);
        String text = AuditCodec.encode(event);
        assertThat(AuditCodec.decode(text, "record 1")).isEqualTo(event);
        assertThat(AuditCodec.encode(AuditCodec.decode(text, "record 1"))).isEqualTo(text);
    }

    @Test
    void theTextHoldsEveryFieldNen7513AsksForInAFixedOrder() {
        Bsn bsn = Bsn.parse("111222333");
        AuditEvent event = TestEvents.full(bsn, Instant.parse("2026-12-06T10:15:30.123456Z"), "a=b%\nc");
        String text = AuditCodec.encode(event);
        assertThat(text).contains("type=RECEIVE\naction=C\nat=2026-12-06T10:15:30.123Z\noutcome=SUCCESS\n")
                .contains("user.id=olga\nuser.name=Olga de Vries\nuser.role=OPERATOR\nuser.onBehalfOf=00001234\n")
                .contains("access.host=10.0.0.7\naccess.aeTitle=CT_ROOM1\naccess.certificate=CN%3Dct1.hospital.example\n")
                .contains("patient.bsn=111222333\npatient.localId=PAT-0042\n")
                .contains("object=STUDY:2.25.1000\nobject=SERIES:2.25.1000.1\nobject=SOP_INSTANCE:2.25.1000.1.1\n")
                .contains("object=FHIR_RESOURCE:ImagingStudy/abc\nobject=JOB:17\n")
                .contains("source.name=export\n").contains("destination.aeTitle=UMCX_PACS\n")
                .contains("basis.referral=verwijzing 2026-12-06\n")
                .endsWith("detail=a%3Db%25%0Ac\n");
    }

    @Test
    void aStoredTextThatWasEditedByHandIsRefusedNamingTheRecord() {
        String text = AuditCodec.encode(TestEvents.numbered(1, Instant.EPOCH));
        assertThatThrownBy(() -> AuditCodec.decode(text.replace("action=U", "action=X"), "record 7"))
                .isInstanceOf(AuditFormatException.class).hasMessageContaining("record 7")
                .hasMessageContaining("unknown action 'X'");
        assertThatThrownBy(() -> AuditCodec.decode(text.replace("user.role=SYSTEM", "user.role=GOD"), "record 7"))
                .hasMessageContaining("unknown Role 'GOD'");
        assertThatThrownBy(() -> AuditCodec.decode(text + "detail=again\n", "record 7"))
                .hasMessageContaining("detail twice");
    }

    /** A patient a list showed reads back as itself, BSN and local number, either alone too; its text masks both. */
    @Test
    void aShownPatientReadsBackAsItself() {
        Bsn bsn = nl.zorgbrug.audit.TestEvents.bsn(new java.util.Random(41));
        for (PatientRef p : java.util.List.of(new PatientRef(bsn, "L|41"), PatientRef.of(bsn), new PatientRef(null, "L-41"))) {
            ObjectRef o = ObjectRef.patient(p);
            assertThat(o.asPatient()).contains(p);
            AuditEvent e = AuditEvent.of(EventType.QUERY, Actor.person("olga", null, Role.OPERATOR, null),
                    java.time.Instant.parse("2026-12-06T10:00:00Z")).object(o).build();
            assertThat(AuditCodec.decode(AuditCodec.encode(e), "test").patients()).containsExactly(p);
            assertThat(o.toString()).doesNotContain(bsn.value());
        }
        assertThat(ObjectRef.job(1).asPatient()).isEmpty();
    }

    /**
     * Another institution's Patient ID (issue 17) reads back with its issuer, names none of our patients, and is
     * masked in a log line (it may be a BSN without its OID).
     */
    @Test
    void aForeignPatientIdReadsBackWithItsIssuerAndIsNoPatientOfOurs() {
        Bsn bsn = nl.zorgbrug.audit.TestEvents.bsn(new java.util.Random(42));
        for (String issuer : new String[] {"2.16.528.1.1007.99.777", null}) {
            ObjectRef o = ObjectRef.foreignPatient(bsn.value(), issuer);
            assertThat(o.foreignPatientId()).isEqualTo(bsn.value());
            assertThat(o.foreignIssuer()).isEqualTo(issuer);
            assertThat(o.asPatient()).isEmpty();
            AuditEvent e = AuditEvent.of(EventType.QUERY, Actor.person("olga", null, Role.OPERATOR, null),
                    java.time.Instant.parse("2026-12-06T10:00:00Z")).object(o).build();
            AuditEvent back = AuditCodec.decode(AuditCodec.encode(e), "test");
            assertThat(back.objects()).containsExactly(o);
            assertThat(back.patients()).isEmpty();
            assertThat(o.toString()).doesNotContain(bsn.value()).contains(bsn.masked());
        }
        assertThat(ObjectRef.foreignPatient("A|B", "1.2").foreignPatientId()).isEqualTo("A|B");
        assertThat(ObjectRef.job(1).foreignPatientId()).isNull();
    }

    @Test
    void aUraIsEightDigitsAndAPatientNeedsAnIdentifier() {
        assertThatThrownBy(() -> new Ura("1234")).hasMessageContaining("eight digits");
        assertThatThrownBy(() -> new PatientRef(null, " ")).hasMessageContaining("BSN or a local patient number");
        assertThat(new PatientRef(Bsn.parse("111222333"), "PAT-0042").toString())
                .doesNotContain("111222333").doesNotContain("PAT-0042");
    }
}
