package nl.zorgbrug.audit.export.balp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.Digest;

/**
 * Issue 17, "Export": every kind of FHIR AuditEvent {@link BalpAuditEvents} writes, validated with HAPI FHIR's
 * validator against the profile it claims in {@code meta.profile} (our transcription of the IHE BALP profiles in
 * {@code src/test/resources/balp}, see its README), or against the core AuditEvent when it claims none. Any ERROR
 * fails; the warnings are listed in the output. A broken event shows the validator does check the profiles.
 */
class BalpProfileValidationTest {
    private static final FhirContext R4 = FhirContext.forR4Cached();
    private static final Instant T = Instant.parse("2026-12-06T08:15:30.123Z");
    private static final String NODE_ADDRESS = "zorgbrug.hospital.example";
    /**
     * The one ERROR accepted: DICOM EventTypeCode 110144 "Authorization Decision" (IPF's
     * {@code EventTypeCode.AuthorizationDecision}, the consent decision's subtype as in the ATNA export) was added
     * to PS3.16 after FHIR 4.0.1, whose copy of the DCM code system (in hapi-fhir-validation-resources-r4, content
     * "complete") stops before 110143. The code is right, the validator's terminology is old.
     */
    private static final String NEWER_DICOM_CODE = "Unknown code 'http://dicom.nema.org/resources/ontology/DCM#110144'";
    private static FhirValidator validator;
    private static List<String> profiles;

    private final BalpAuditEvents events = new BalpAuditEvents("zorgbrug-test", NODE_ADDRESS, TestEvents.OWN);

    @BeforeAll
    static void validator() throws IOException, URISyntaxException {
        PrePopulatedValidationSupport balp = new PrePopulatedValidationSupport(R4);
        List<String> urls = new ArrayList<>();
        Path dir = Path.of(BalpProfileValidationTest.class.getResource("/balp").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    IBaseResource resource = R4.newJsonParser().parseResource(in);
                    if (resource instanceof StructureDefinition sd) {
                        balp.addStructureDefinition(sd);
                        urls.add(sd.getUrl());
                    } else if (resource instanceof ValueSet vs) {
                        balp.addValueSet(vs);
                    } else if (resource instanceof CodeSystem cs) {
                        balp.addCodeSystem(cs);
                    }
                }
            }
        }
        profiles = List.copyOf(urls);
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(R4),
                balp,
                new SnapshotGeneratingValidationSupport(R4),
                new CommonCodeSystemsTerminologyService(R4),
                new InMemoryTerminologyServerValidationSupport(R4));
        validator = R4.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void theTranscriptionHoldsTheTenBasicPatterns() {
        assertThat(profiles).hasSize(10).allSatisfy(url -> assertThat(url).startsWith(BalpAuditEvents.PROFILE_BASE));
    }

    /** Every event type, with and without a patient, succeeded and failed: no ERROR, whichever profile it claims. */
    @Test
    void everyKindOfEventTheNodeWritesIsValid() {
        Map<String, Integer> warnings = new TreeMap<>();
        Map<String, Integer> claimed = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        int validated = 0;
        int newerDicomCode = 0;
        for (AuditEvent e : everyKind()) {
            org.hl7.fhir.r4.model.AuditEvent r = events.resource(AuditRecord.chain(3, e, Digest.GENESIS));
            String profile = r.getMeta().getProfile().isEmpty() ? null : r.getMeta().getProfile().get(0).getValue();
            claimed.merge(profile == null ? "(none: core AuditEvent)" : profile, 1, Integer::sum);
            String label = e.type() + (e.patient() == null ? "" : " with patient") + " " + e.outcome()
                    + " -> " + (profile == null ? "core" : profile.substring(BalpAuditEvents.PROFILE_BASE.length()));
            for (SingleValidationMessage m : validate(r, profile)) {
                if (m.getMessage().equals(NEWER_DICOM_CODE)) {
                    newerDicomCode++;
                } else if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                    errors.add(label + ": " + m.getLocationString() + " " + m.getMessage());
                } else if (m.getSeverity() == ResultSeverityEnum.WARNING) {
                    warnings.merge(m.getMessage(), 1, Integer::sum);
                }
            }
            validated++;
        }
        System.out.println("BALP validation: " + validated + " events; profiles claimed: " + claimed);
        warnings.forEach((message, count) -> System.out.println("  WARNING x" + count + ": " + message));
        System.out.println("  accepted x" + newerDicomCode + " (R4's DICOM code system predates it): " + NEWER_DICOM_CODE);
        assertThat(errors).as("validation errors").isEmpty();
        // The exception is for the consent decision's subtype only; if that changes, so must this test.
        assertThat(newerDicomCode).isEqualTo(4);
        assertThat(validated).isEqualTo(EventType.values().length * 4 + 8 + 1);
        // Each basic pattern and each Patient variant the node writes is claimed at least once.
        assertThat(claimed.keySet()).contains(Stream.of("Read", "PatientRead", "Query", "PatientQuery", "Create",
                "PatientCreate", "Update", "PatientUpdate", "Delete", "PatientDelete").map(p -> BalpAuditEvents.PROFILE_BASE + p)
                .toArray(String[]::new));
    }

    /** The validator sees a broken event: without these the test above could not fail. */
    @Test
    void aPatientEntityWithoutItsRoleIsRejected() {
        org.hl7.fhir.r4.model.AuditEvent r = events.resource(AuditRecord.chain(3, TestEvents.full(
                TestEvents.bsn(new Random(17)), T, "ontvangen"), Digest.GENESIS));
        String profile = r.getMeta().getProfile().get(0).getValue();
        assertThat(profile).endsWith("PatientCreate");
        assertThat(errors(validate(r, profile))).isEmpty();

        r.getEntity().stream().filter(en -> "1".equals(en.getType().getCode())).forEach(en -> en.setRole(null));
        assertThat(errors(validate(r, profile))).as("errors of a patient entity without role")
                .anySatisfy(m -> assertThat(m).contains("patient"));
    }

    @Test
    void aFailureClaimingASuccessPatternAndAMissingServerAddressAreRejected() {
        AuditEvent failed = AuditEvent.of(EventType.VIEW, Actor.person("anna", "Anna Smit", Role.CLINICIAN,
                TestEvents.OWN), T).accessPoint(AccessPoint.host("10.0.0.9"))
                .patient(PatientRef.of(TestEvents.bsn(new Random(18)))).outcome(Outcome.SERIOUS_FAILURE).build();
        org.hl7.fhir.r4.model.AuditEvent r = events.resource(AuditRecord.chain(3, failed, Digest.GENESIS));
        assertThat(r.getMeta().getProfile()).isEmpty();
        assertThat(errors(validate(r, null))).isEmpty();
        assertThat(errors(validate(r, BalpAuditEvents.PROFILE_BASE + "PatientRead"))).isNotEmpty();

        AuditEvent ok = AuditEvent.of(EventType.VIEW, Actor.person("anna", "Anna Smit", Role.CLINICIAN,
                TestEvents.OWN), T).accessPoint(AccessPoint.host("10.0.0.9"))
                .patient(PatientRef.of(TestEvents.bsn(new Random(18)))).build();
        org.hl7.fhir.r4.model.AuditEvent noAddress = new BalpAuditEvents("zorgbrug-test", TestEvents.OWN)
                .resource(AuditRecord.chain(3, ok, Digest.GENESIS));
        assertThat(noAddress.getMeta().getProfile()).isEmpty();
        assertThat(errors(validate(noAddress, BalpAuditEvents.PROFILE_BASE + "PatientRead"))).isNotEmpty();
    }

    private static List<SingleValidationMessage> validate(org.hl7.fhir.r4.model.AuditEvent r, String profile) {
        ValidationOptions options = new ValidationOptions();
        if (profile != null) {
            options.addProfile(profile);
        }
        // Validated as written to the repository: encoded and parsed back, so what is checked is the JSON.
        IBaseResource parsed = R4.newJsonParser().parseResource(R4.newJsonParser().encodeResourceToString(r));
        return validator.validateWithResult(parsed, options).getMessages();
    }

    private static List<String> errors(List<SingleValidationMessage> messages) {
        return messages.stream().filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + " " + m.getMessage()).toList();
    }

    /**
     * One event per type as the node writes it (the parties and objects its writers give that type), with and
     * without a patient, succeeded and failed; the BgZ endpoint's reads and purges; and the full event of the trail
     * tests.
     */
    private static List<AuditEvent> everyKind() {
        Random random = new Random(1713);
        List<AuditEvent> all = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (boolean withPatient : new boolean[] {false, true}) {
                for (Outcome outcome : new Outcome[] {Outcome.SUCCESS, Outcome.SERIOUS_FAILURE}) {
                    AuditEvent.Builder b = AuditEvent.of(type, actor(type), T).outcome(outcome);
                    shape(type, b);
                    if (withPatient) {
                        b.patient(new PatientRef(TestEvents.bsn(random), "PAT-" + random.nextInt(1000)));
                    }
                    if (outcome != Outcome.SUCCESS) {
                        b.detail("mislukt: " + type.name().toLowerCase());
                    }
                    all.add(b.build());
                }
            }
        }
        // The BgZ endpoint's events (bgz AuditInterceptor): a remote system by token, the caller's address, the
        // resources served; a read or search is a QUERY, a $purge a RECEIVE stated as a delete.
        for (boolean withPatient : new boolean[] {false, true}) {
            for (Outcome outcome : new Outcome[] {Outcome.SUCCESS, Outcome.MINOR_FAILURE}) {
                Actor token = new Actor("bgz-token…a1b2", null, Role.REMOTE_SYSTEM, TestEvents.OTHER);
                AuditEvent.Builder read = AuditEvent.of(EventType.QUERY, token, T).outcome(outcome)
                        .accessPoint(AccessPoint.host("192.0.2.10")).detail("FHIR R4 GET Patient params identifier")
                        .object(new ObjectRef(nl.zorgbrug.audit.event.ObjectKind.FHIR_RESOURCE, "Patient/p1"));
                AuditEvent.Builder purge = AuditEvent.of(EventType.RECEIVE, token, T).outcome(outcome)
                        .action(nl.zorgbrug.audit.event.Action.DELETE).accessPoint(AccessPoint.host("192.0.2.10"))
                        .detail("FHIR R4 POST Task/t1/$purge")
                        .object(new ObjectRef(nl.zorgbrug.audit.event.ObjectKind.FHIR_RESOURCE, "Task/t1"));
                if (withPatient) {
                    PatientRef patient = PatientRef.of(TestEvents.bsn(random));
                    read.patient(patient);
                    purge.patient(patient);
                }
                all.add(read.build());
                all.add(purge.build());
            }
        }
        all.add(TestEvents.full(TestEvents.bsn(random), T, "ontvangen"));
        return all;
    }

    private static Actor actor(EventType type) {
        return switch (type) {
            case FORWARD, JOB_STATE, QUARANTINE, CONSENT_DECISION -> Actor.system("zorgbrug-test", TestEvents.OWN);
            case RECEIVE -> Actor.person("CT_ROOM1", null, Role.REMOTE_SYSTEM, TestEvents.OTHER);
            case LOGIN_FAILED -> Actor.person("kees", null, Role.UNKNOWN, null);
            default -> Actor.person("anna", "Anna Smit", Role.CLINICIAN, TestEvents.OWN);
        };
    }

    /** The access point, parties and objects each type's writers give it (see the app's audit writers). */
    private static void shape(EventType type, AuditEvent.Builder b) {
        switch (type) {
            case RECEIVE, IMPORT -> b.accessPoint(AccessPoint.dicom("10.0.0.7", "CT_ROOM1", null))
                    .source(new Peer("ct-room-1", "CT_ROOM1", "10.0.0.7"))
                    .object(ObjectRef.study("2.25.4711")).object(ObjectRef.sopInstance("2.25.4711.1.1"));
            case SEND, FORWARD -> b.destination(new Peer("umcx", "UMCX_PACS", "pacs.umcx.example"))
                    .object(ObjectRef.study("2.25.4711")).object(ObjectRef.job(42))
                    .legalBasis(new LegalBasis.Referral("verwijzing 2026-12-06"));
            case QUARANTINE -> b.source(new Peer("ct-room-1", "CT_ROOM1", "10.0.0.7"))
                    .object(ObjectRef.study("2.25.4711"));
            case QUARANTINE_ACTION, JOB_ACTION -> b.accessPoint(AccessPoint.host("10.0.0.9"))
                    .object(ObjectRef.job(42)).detail("retry");
            case JOB_STATE -> b.object(ObjectRef.job(42)).detail("SENDING -> DONE");
            case QUERY -> b.accessPoint(AccessPoint.dicom("10.0.0.8", "VIEWER", null))
                    .detail("QueryRetrieveLevel=STUDY&PatientID=PAT-1");
            case RETRIEVE -> b.accessPoint(AccessPoint.dicom("10.0.0.8", "VIEWER", null))
                    .destination(new Peer("viewer", "VIEWER", "10.0.0.8")).object(ObjectRef.study("2.25.4711"));
            case VIEW, AUDIT_READ -> b.accessPoint(AccessPoint.host("10.0.0.9"))
                    .object(ObjectRef.fhir("ImagingStudy", "4711"));
            case EXPORT_REPORT -> b.accessPoint(AccessPoint.host("10.0.0.9")).object(ObjectRef.job(42))
                    .detail("CSV");
            case CONSENT_DECISION, CONSENT_CHANGE -> b.accessPoint(AccessPoint.host("10.0.0.9"))
                    .legalBasis(new LegalBasis.Referral("verwijzing 2026-12-06"));
            case MPI_CHANGE, PATIENT_CHANGE -> b.accessPoint(AccessPoint.host("10.0.0.9"));
            case LOGIN, LOGOUT, LOGIN_FAILED, USER_CHANGE, ROLE_CHANGE, CONFIGURATION_CHANGE ->
                    b.accessPoint(AccessPoint.host("10.0.0.9"));
            case AUDIT_PURGE -> b.detail("records before 2021-12-06");
        }
    }
}
