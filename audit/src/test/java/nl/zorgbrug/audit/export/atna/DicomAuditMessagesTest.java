package nl.zorgbrug.audit.export.atna;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.audit.codes.ActiveParticipantRoleIdCode;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;
import org.openehealth.ipf.commons.audit.codes.NetworkAccessPointTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.model.ActiveParticipantType;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.model.ParticipantObjectIdentificationType;
import org.openehealth.ipf.commons.audit.unmarshal.dicom.DICOMAuditParser;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.gateway.ReferralLookup;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.Digest;
import nl.zorgbrug.bsn.Bsn;

/**
 * The DICOM audit message of a NEN 7513 event, written as XML and read back with IPF's parser against the DICOM
 * schema (PS3.15 A.5): what the repository gets.
 */
class DicomAuditMessagesTest {
    private static final Instant T = Instant.parse("2026-12-06T08:15:30.123Z");
    private final DicomAuditMessages messages = new DicomAuditMessages("zorgbrug-test", TestEvents.OWN);

    private static AuditMessage roundTrip(DicomAuditMessages messages, AuditEvent e, long seq) {
        String xml = messages.xml(AuditRecord.chain(seq, e, Digest.GENESIS));
        return new DICOMAuditParser().parse(xml, true);
    }

    @Test
    void aReceivedStudyIsDicomInstancesTransferredWithEveryNen7513Field() {
        Bsn bsn = TestEvents.bsn(new Random(17));
        AuditMessage m = roundTrip(messages, TestEvents.full(bsn, T, "ontvangen van CT"), 42);

        assertThat(m.getEventIdentification().getEventID().getCode())
                .isEqualTo(EventIdCode.DICOMInstancesTransferred.getCode());
        assertThat(m.getEventIdentification().getEventActionCode()).isEqualTo(EventActionCode.Create);
        assertThat(m.getEventIdentification().getEventOutcomeIndicator()).isEqualTo(EventOutcomeIndicator.Success);
        assertThat(m.getEventIdentification().getEventDateTime()).isEqualTo(T);
        assertThat(m.getEventIdentification().getEventOutcomeDescription()).isEqualTo("ontvangen van CT");
        assertThat(m.getAuditSourceIdentification().getAuditSourceID()).isEqualTo("zorgbrug-test");
        assertThat(m.getAuditSourceIdentification().getAuditEnterpriseSiteID()).isEqualTo(TestEvents.OWN.value());

        ActiveParticipantType user = m.findActiveParticipants(ActiveParticipantType::isUserIsRequestor).get(0);
        assertThat(user.getUserID()).isEqualTo("olga");
        assertThat(user.getUserName()).isEqualTo("Olga de Vries");
        assertThat(user.getNetworkAccessPointID()).isEqualTo("10.0.0.7");
        assertThat(user.getNetworkAccessPointTypeCode()).isEqualTo(NetworkAccessPointTypeCode.IPAddress);
        assertThat(user.getAlternativeUserID()).isEqualTo("AETITLES=CT_ROOM1");
        assertThat(user.getRoleIDCodes()).anySatisfy(r -> assertThat(r.getCode()).isEqualTo("OPERATOR"));
        assertThat(m.findActiveParticipants(p -> p.getUserID().equals("00001234^^^&2.16.528.1.1007.3.3&ISO")))
                .hasSize(1);
        ActiveParticipantType destination = m.findActiveParticipants(p -> p.getRoleIDCodes().stream()
                .anyMatch(r -> r.getCode().equals(ActiveParticipantRoleIdCode.Destination.getCode()))).get(0);
        assertThat(destination.getUserID()).isEqualTo("umcx");
        assertThat(destination.getAlternativeUserID()).isEqualTo("AETITLES=UMCX_PACS");
        assertThat(destination.getNetworkAccessPointID()).isEqualTo("pacs.umcx.example");
        assertThat(destination.getNetworkAccessPointTypeCode()).isEqualTo(NetworkAccessPointTypeCode.MachineName);
        assertThat(m.findActiveParticipants(p -> p.getRoleIDCodes().stream()
                .anyMatch(r -> r.getCode().equals(ActiveParticipantRoleIdCode.Source.getCode())))).hasSize(1);

        ParticipantObjectIdentificationType patient = object(m, ParticipantObjectTypeCodeRole.Patient);
        assertThat(patient.getParticipantObjectID()).isEqualTo(bsn.value() + "^^^&2.16.840.1.113883.2.4.6.3&ISO");
        assertThat(patient.getParticipantObjectIDTypeCode().getCode())
                .isEqualTo(ParticipantObjectIdTypeCode.PatientNumber.getCode());
        assertThat(m.findParticipantObjectIdentifications(o -> o.getParticipantObjectIDTypeCode().getCode()
                .equals(ParticipantObjectIdTypeCode.StudyInstanceUID.getCode())))
                .extracting(ParticipantObjectIdentificationType::getParticipantObjectID).containsExactly("2.25.1000");
        assertThat(m.findParticipantObjectIdentifications(o -> o.getParticipantObjectIDTypeCode().getCode()
                .equals("SOPInstanceUID"))).extracting(ParticipantObjectIdentificationType::getParticipantObjectID)
                .containsExactly("2.25.1000.1.1");
        ParticipantObjectIdentificationType own = object(m, ParticipantObjectTypeCodeRole.SecurityResource);
        assertThat(own.getParticipantObjectID()).startsWith("urn:uuid:");
        assertThat(own.getParticipantObjectDetails()).anySatisfy(d -> {
            assertThat(d.getType()).isEqualTo("trail-seq");
            assertThat(new String(d.getValue())).isEqualTo("42");
        });
        assertThat(own.getParticipantObjectDetails()).anySatisfy(d -> {
            assertThat(d.getType()).isEqualTo("legal-basis");
            assertThat(new String(d.getValue())).isEqualTo("referral:verwijzing 2026-12-06");
        });
    }

    /**
     * A push on referral (issue 17, "Enforcement"): the job's referral reason, free text that may hold XML's own
     * characters, and the person's send reach the repository whole in the trail record's legal-basis detail.
     */
    @Test
    void aSendOnReferralCarriesTheReferralAndThePersonsSendAsItsLegalBasis() {
        LegalBasis.Referral basis = new ReferralLookup.JobReferral("Verwijzing <neuro> & MDO \"spoed\"", "olga", T)
                .basis("route export");
        AuditEvent e = AuditEvent.of(EventType.SEND, Actor.system("zorgbrug-test", TestEvents.OWN), T)
                .patient(new PatientRef(TestEvents.bsn(new Random(11)), "PAT-9"))
                .object(nl.zorgbrug.audit.event.ObjectRef.job(7))
                .destination(new nl.zorgbrug.audit.event.Peer("umcx", "UMCX_PACS", "pacs.umcx.example"))
                .legalBasis(basis).build();
        ParticipantObjectIdentificationType own = object(roundTrip(messages, e, 8),
                ParticipantObjectTypeCodeRole.SecurityResource);
        assertThat(own.getParticipantObjectDetails()).anySatisfy(d -> {
            assertThat(d.getType()).isEqualTo("legal-basis");
            assertThat(new String(d.getValue(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                    "referral:route export; referral: Verwijzing <neuro> & MDO \"spoed\"; sent by olga at " + T);
        });
    }

    @Test
    void everyEventTypeGivesAMessageTheDicomSchemaAccepts() {
        Bsn bsn = TestEvents.bsn(new Random(3));
        for (EventType type : EventType.values()) {
            AuditEvent e = AuditEvent.of(type, Actor.person("piet", "Piet Jansen", Role.PRIVACY_OFFICER,
                    TestEvents.OWN), T).patient(new PatientRef(null, "PAT-9")).detail("status " + type).build();
            AuditMessage m = roundTrip(messages, e, 1);
            AtnaCodes codes = AtnaCodes.of(type);
            assertThat(m.getEventIdentification().getEventID().getCode()).as(type.name())
                    .isEqualTo(codes.eventId().getCode());
            assertThat(m.getEventIdentification().getEventTypeCode()).as(type.name())
                    .anySatisfy(c -> assertThat(c.getCode()).isEqualTo(type.name()));
            if (codes.eventType() != null) {
                assertThat(m.getEventIdentification().getEventTypeCode())
                        .anySatisfy(c -> assertThat(c.getCode()).isEqualTo(codes.eventType().getCode()));
            }
            assertThat(object(m, ParticipantObjectTypeCodeRole.Patient).getParticipantObjectID()).isEqualTo("PAT-9");
        }
    }

    /**
     * A list names every patient it showed (issue 17): each a participant object of type person, role patient
     * (PS3.15 A.5.1), beside the patient searched for; the schema accepts it.
     */
    @Test
    void aListNamesEveryPatientItShowedAsAPatientParticipant() {
        Bsn searched = TestEvents.bsn(new Random(21));
        Bsn shown = TestEvents.bsn(new Random(22));
        AuditEvent e = AuditEvent.of(EventType.QUERY, Actor.person("olga", "Olga", Role.OPERATOR, TestEvents.OWN), T)
                .patient(PatientRef.of(searched))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new PatientRef(shown, "L-22")))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new PatientRef(null, "L-23")))
                .detail("GET /jobs/table [patient]; 3 patients shown").build();
        AuditMessage m = roundTrip(messages, e, 3);
        assertThat(m.findParticipantObjectIdentifications(o -> o.getParticipantObjectTypeCodeRole()
                == ParticipantObjectTypeCodeRole.Patient))
                .extracting(ParticipantObjectIdentificationType::getParticipantObjectID)
                .containsExactly(searched.value() + "^^^&2.16.840.1.113883.2.4.6.3&ISO",
                        shown.value() + "^^^&2.16.840.1.113883.2.4.6.3&ISO", "L-23");
        assertThat(m.findParticipantObjectIdentifications(o -> o.getParticipantObjectTypeCodeRole()
                == ParticipantObjectTypeCodeRole.Patient)).allSatisfy(o -> assertThat(
                o.getParticipantObjectTypeCode()).isEqualTo(
                org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCode.Person));
    }

    @Test
    void aRefusedLoginIsAUserAuthenticationLoginThatFailed() {
        AuditEvent e = AuditEvent.of(EventType.LOGIN_FAILED, Actor.person("kees", null, Role.OPERATOR, null), T)
                .outcome(Outcome.MINOR_FAILURE).build();
        AuditMessage m = roundTrip(messages, e, 5);
        assertThat(m.getEventIdentification().getEventID().getCode())
                .isEqualTo(EventIdCode.UserAuthentication.getCode());
        assertThat(m.getEventIdentification().getEventTypeCode())
                .anySatisfy(c -> assertThat(c.getCode()).isEqualTo(EventTypeCode.Login.getCode()));
        assertThat(m.getEventIdentification().getEventOutcomeIndicator()).isEqualTo(EventOutcomeIndicator.MinorFailure);
        assertThat(m.getEventIdentification().getEventActionCode()).isEqualTo(EventActionCode.Execute);
    }

    @Test
    void hostOfAnAddressDropsThePort() {
        assertThat(DicomAuditMessages.hostOf("pacs.example:104")).isEqualTo("pacs.example");
        assertThat(DicomAuditMessages.hostOf("[fe80::1]:104")).isEqualTo("fe80::1");
        assertThat(DicomAuditMessages.hostOf("fe80::1")).isEqualTo("fe80::1");
        assertThat(DicomAuditMessages.hostOf("10.1.2.3")).isEqualTo("10.1.2.3");
    }

    private static ParticipantObjectIdentificationType object(AuditMessage m, ParticipantObjectTypeCodeRole role) {
        return m.findParticipantObjectIdentifications(o -> o.getParticipantObjectTypeCodeRole() == role).get(0);
    }
}
