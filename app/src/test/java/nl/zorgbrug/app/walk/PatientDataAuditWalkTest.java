package nl.zorgbrug.app.walk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.app.access.NotPatientData;
import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.AccessPolicy.UserRole;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineState;
import nl.zorgbrug.transport.link.LinkDesk;

/**
 * Issue 17: "a test walks every route, page and API endpoint and fails on any action on patient data without its
 * audit event". Every endpoint of Spring's handler mappings (a new one is walked without being added here) must
 * declare whether it touches patient data ({@link PatientData}, {@link NotPatientData}); each that does is called with
 * data set up for it, and the trail must then hold its event: the type declared, the user, the role, the address,
 * the request and, for one job, the job and its patient's BSN.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class PatientDataAuditWalkTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:walk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        // The jobs set up here are not due, so the node's own runner leaves them to the walk.
        r.add("zorgbrug.retry.initial", () -> "30m");
        // The route quarantined objects came in on (the walk's are not in the spool: their download is a 404).
        r.add("zorgbrug.gateway.routes[0].name", () -> "walk");
        r.add("zorgbrug.gateway.routes[0].called-ae-title", () -> "ZB_WALK");
        r.add("zorgbrug.gateway.routes[0].direction", () -> "import");
        r.add("zorgbrug.gateway.routes[0].destination", () -> "umcx");
        // A user of the node with every role, so the gateway's events (which look the user up) have the role too.
        r.add("zorgbrug.users[0].name", () -> "walker");
        r.add("zorgbrug.users[0].password", () -> "{noop}walker-test");
        // (MITZ is no user's role: only Mitz's client certificate has it.)
        for (UserRole role : UserRole.values()) {
            if (role != UserRole.MITZ) {
                r.add("zorgbrug.users[0].roles[" + role.ordinal() + "]", role::name);
            }
        }
    }

    /**
     * The endpoints whose event the walk cannot cause on its own, each with the test that shows it. Only events the
     * domain records may be here: what the interceptor records is walked, always.
     */
    static final Map<String, String> SHOWN_ELSEWHERE = Map.ofEntries(
            Map.entry("POST /dicomweb/{route}/studies", "needs a route and a DICOM body: a receive is a RECEIVE through the"
                    + " same intake as C-STORE, AuditGatewayNodeTest"),
            Map.entry("POST /api/jobs/send", "needs a PACS to C-MOVE from: the person's send is a JOB_ACTION from the job's"
                    + " events, on its referral, GatewayAuditorTest, AuditGatewayNodeTest (from Orthanc)"),
            Map.entry("POST /jobs/send", "as POST /api/jobs/send"),
            Map.entry("POST /quarantine/link", "needs a spooled original and an MPI patient: AuditGatewayNodeTest"),
            Map.entry("POST /api/quarantine/{study}/link", "as POST /quarantine/link"),
            Map.entry("POST /download/{token}", "the recipient of a mailed link downloads with its token and code, no user of the"
                    + " node: a RETRIEVE by the recipient from the link's events, LinkNodeTest"),
            Map.entry("POST /mitz/notifications", "only Mitz's client certificate, with the subscription configured: each"
                    + " notified consent a CONSENT_CHANGE by MitzSubscription, MitzNodeTest"),
            Map.entry("POST /api/consent/holders", "needs Mitz's endpoint: a CONSENT_DECISION by MitzLocator, MitzNodeTest"),
            Map.entry("POST /bgz/request", "needs another institution's BgZ endpoint: the request is a RETRIEVE by the person"
                    + " (BgzRequesterTest, BgzNodeTest)"),
            Map.entry("POST /bgz/referral", "needs an institution with a BgZ endpoint: the confirmation page is a VIEW of"
                    + " the MPI patient by the person (ReceivedBgzPageTest)"),
            Map.entry("POST /bgz/referral/confirm", "needs another institution that takes the Task: the send is a SEND by"
                    + " the person (NotifiedPullTest, BgzNodeTest)"),
            Map.entry("GET /dicomweb/wado/studies/{study}", "needs a node that is a source with a PACS (Orthanc)"
                    + " and a registered study: each retrieve is a RETRIEVE of the consumer by ImagingRetrieval,"
                    + " ImagingSourceNodeTest"),
            Map.entry("GET /dicomweb/wado/studies/{study}/series/{series}", "as GET /dicomweb/wado/studies/{study}"),
            Map.entry("GET /dicomweb/wado/studies/{study}/series/{series}/instances/{instance}",
                    "as GET /dicomweb/wado/studies/{study}"),
            Map.entry("POST /api/images/import", "needs a registry, a repository and a source of the study: the import"
                    + " is a RETRIEVE by the person when it runs (ImageImports), ImageTimelineNodeTest"),
            Map.entry("POST /images/import", "as POST /api/images/import"),
            Map.entry("GET /api/images/report", "needs a registry and a repository that keeps the study's report: each"
                    + " retrieval is a RETRIEVE by the person (ImageReports), ImageTimelineNodeTest"));

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    JobManager manager;

    @Autowired
    EventHub events;

    @Autowired
    DataSource dataSource;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    nl.zorgbrug.bsn.mpi.MpiStore mpi;

    @Autowired
    LinkDesk links;

    @Autowired
    nl.zorgbrug.audit.consent.ConsentService consents;

    @Autowired
    nl.zorgbrug.bgz.receive.ReceivedBgzStore receivedBgz;

    @Test
    void everyEndpointDeclaresWhetherItTouchesPatientData() {
        List<String> undeclared = Endpoints.of(context).all().stream()
                .filter(e -> !e.handler().hasMethodAnnotation(PatientData.class)
                        && !e.handler().hasMethodAnnotation(NotPatientData.class)
                        && !e.handler().getBeanType().isAnnotationPresent(NotPatientData.class)
                        // springdoc's description of the API (issue 18): the paths, never data.
                        && !e.handler().getBeanType().getPackageName().startsWith("org.springdoc"))
                .map(Endpoints.Endpoint::toString).toList();
        assertThat(undeclared).as("endpoints without @PatientData or @NotPatientData").isEmpty();
        assertThat(SHOWN_ELSEWHERE.keySet()).allSatisfy(name -> assertThat(Endpoints.of(context).all().stream()
                .filter(e -> e.toString().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name
                        + " is not served (any more)")).handler().getMethodAnnotation(PatientData.class)
                .recordedByDomain()).as(name + " is recorded by the domain").isTrue());
    }

    @Test
    void everyActionOnPatientDataLeavesItsEventInTheTrail() throws Exception {
        Bsn bsn = nl.zorgbrug.audit.TestEvents.bsn(new Random(1717));
        Job viewed = job("2.25.171701", bsn);
        Map<String, Map<String, String>> samples = new HashMap<>();
        Map<String, String> common = new HashMap<>(Map.of("id", Long.toString(viewed.id()), "ids",
                Long.toString(viewed.id()), "study", "2.25.171799", "localId", "WALK-1", "bsnStatus", "NONE",
                "familyName", "Walk", "reason", "the walk rejects it", "route", "walk"));
        String csv = "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                + "WALK-2,2.16.528.1.1007.99.1," + bsn.value() + ",UNCHECKED,Walk,Test,19700101,O\n";
        common.put("seed", "18");
        // The privacy officer's consent desk: a consent recorded to withdraw.
        for (String withdraw : List.of("POST /privacy/consents/withdraw/confirm", "POST /privacy/consents/withdraw")) {
            String id = "walk-" + withdraw.length();
            consents.record(new nl.zorgbrug.audit.consent.ConsentRecord(id, bsn,
                    nl.zorgbrug.audit.consent.Purpose.IMAGE_AVAILABILITY, true,
                    new nl.zorgbrug.audit.consent.Scope.AllCaregivers(), java.util.Set.of(), Instant.now(), null,
                    new nl.zorgbrug.audit.consent.ConsentRecord.Recording(
                            nl.zorgbrug.audit.consent.ConsentRecord.Method.WRITTEN, "walker", Instant.now()), null),
                    nl.zorgbrug.audit.event.Actor.person("walker", "walker", Role.PRIVACY_OFFICER, null));
            samples.put(withdraw, Map.of("consentId", id));
        }
        // The privacy officer's shielding desk: a shielding in force to lift.
        for (String lift : List.of("POST /privacy/shieldings/lift/confirm", "POST /privacy/shieldings/lift")) {
            String id = "walk-shield-" + lift.length();
            consents.shield(new nl.zorgbrug.audit.consent.Shielding(id, bsn,
                    java.util.Set.of(nl.zorgbrug.audit.consent.DataCategory.DRUG_USE),
                    new nl.zorgbrug.audit.consent.ConsentRecord.Recording(
                            nl.zorgbrug.audit.consent.ConsentRecord.Method.WRITTEN, "walker", Instant.now()), null),
                    nl.zorgbrug.audit.event.Actor.person("walker", "walker", Role.PRIVACY_OFFICER, null));
            samples.put(lift, Map.of("shieldingId", id));
        }
        common.put("direction", "IMPORT");
        common.put("bsn", bsn.value());
        common.put("body:/api/mpi/import", csv);
        common.put("body:/mpi/import", csv);
        common.put("body:/api/privacy/overview", "{\"bsn\": \"" + bsn.value() + "\"}");
        common.put("body:/api/privacy/overview/fhir", "{\"bsn\": \"" + bsn.value() + "\"}");
        // Download links (issue 21): an order, and links to revoke.
        common.put("studyInstanceUid", "2.25.171708");
        common.put("recipient", "walk@example.test");
        common.put("body:/api/links", "{\"studyInstanceUid\": \"2.25.171709\", \"recipient\": \"walk@example.test\","
                + " \"reason\": \"the walk orders it\"}");
        for (String revoke : List.of("POST /api/links/{id}/revoke", "POST /links/{id}/revoke")) {
            samples.put(revoke, Map.of("id", Long.toString(links.order(new LinkDesk.Order("2.25.171710",
                    "walk@example.test", null, "the walk revokes it", true, true, null), "walker").id())));
        }
        // Each action on a job in the state that allows it, so the action happens and the gateway records it.
        samples.put("POST /api/jobs/{id}/retry", Map.of("id", Long.toString(failed(job("2.25.171702", bsn)).id())));
        samples.put("POST /api/jobs/{id}/cancel", Map.of("id", Long.toString(job("2.25.171703", bsn).id())));
        samples.put("POST /api/jobs/{id}/release", Map.of("id", Long.toString(held(job("2.25.171704", bsn)).id())));
        samples.put("POST /jobs/{id}/{action}", Map.of("id", Long.toString(held(job("2.25.171705", bsn)).id()),
                "action", "release"));
        // The MPI's changes are recorded by the MPI (one event per change): a patient to save and one to verify.
        common.put("body:/api/mpi/patients", "{\"localId\":\"WALK-3\",\"bsnStatus\":\"NONE\",\"familyName\":\"Walk\"}");
        nl.zorgbrug.bsn.mpi.MpiPatient toVerify = new nl.zorgbrug.bsn.mpi.MpiPatient("WALK-V", "2.16.528.1.1007.99.1",
                bsn, nl.zorgbrug.bsn.mpi.BsnStatus.VALIDATED, "Walk", null, null, null);
        samples.put("POST /api/mpi/patients/{localId}/verify", Map.of("localId", "WALK-V"));
        samples.put("POST /mpi/patients/{localId}/verify", Map.of("localId", "WALK-V"));
        // A received BgZ to open (issue 19).
        nl.zorgbrug.bgz.receive.ReceivedBgz bgz = new nl.zorgbrug.bgz.receive.ReceivedBgz(java.util.UUID.randomUUID(),
                new nl.zorgbrug.bgz.receive.BgzSource("walk", "Walk hospital", null, "https://walk.example/fhir/stu3"),
                nl.zorgbrug.bgz.receive.Occasion.REQUEST, null, java.time.Instant.now(), bsn, "walker", List.of(), 0);
        receivedBgz.save(bgz);
        samples.put("GET /bgz/received/{id}", Map.of("id", bgz.id().toString()));
        samples.put("POST /bgz/received/{id}/take-over", Map.of("id", bgz.id().toString(), "what", "all"));
        samples.put("POST /bgz/received/{id}/take-over/confirm", Map.of("id", bgz.id().toString(), "what", "all"));
        samples.put("POST /quarantine/reject", Map.of("study", quarantined("2.25.171706")));
        samples.put("POST /api/quarantine/{study}/reject", Map.of("study", quarantined("2.25.171707")));

        List<String> missing = new ArrayList<>();
        int walked = 0;
        for (Endpoints.Endpoint e : Endpoints.of(context).all()) {
            PatientData declared = e.handler().getMethodAnnotation(PatientData.class);
            if (declared == null || SHOWN_ELSEWHERE.containsKey(e.toString())) {
                continue;
            }
            Map<String, String> values = new HashMap<>(common);
            values.putAll(samples.getOrDefault(e.toString(), Map.of()));
            if (e.pattern().endsWith("/{localId}/verify")) {
                mpi.save(toVerify); // again: the MPI's import, walked before, replaces the whole MPI
            }
            long before = lastSeq();
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request = e.request(values);
            if (e.pattern().startsWith("/privacy/consents/record")) {
                // The consent desk's form (a model attribute, not request parameters the walk fills by itself).
                request.param("bsn", bsn.value()).param("purpose", "IMAGE_AVAILABILITY").param("method", "WRITTEN");
            }
            if (e.pattern().startsWith("/privacy/shieldings/add")) {
                // The shielding desk's form: the categories and how the patient asked (optional parameters the walk
                // leaves out, and without them the desk records nothing).
                request.param("categories", "ALCOHOL_USE").param("method", "VERBAL");
            }
            int status;
            try {
                status = mvc.perform(request.with(csrf()).with(user("walker").roles(allRoles())))
                        .andReturn().getResponse().getStatus();
            } catch (jakarta.servlet.ServletException failed) {
                // What happened before the handler failed is to be in the trail all the same.
                status = 500;
            }
            events.catchUp();
            List<AuditEvent> added = new JdbcAuditStore(dataSource).read(before, 1000).stream()
                    .map(AuditRecord::event).filter(a -> a.type() == declared.value())
                    .filter(a -> a.actor().userId().equals("walker")).toList();
            walked++;
            if (added.isEmpty()) {
                missing.add(e + " (HTTP " + status + "): no " + declared.value() + " event by the user");
                continue;
            }
            AuditEvent event = added.get(0);
            // The role in which the user acted: the most powerful of the walker's, but the privacy officer's for the
            // patient's overview, which only that role may open.
            assertThat(event.actor().role()).as(e.toString())
                    .isEqualTo(declared.value() == EventType.AUDIT_READ || declared.recordedByDomain() && e.pattern().startsWith("/privacy/")
                            ? Role.PRIVACY_OFFICER : Role.ADMIN);
            if (!declared.recordedByDomain()) {
                assertThat(status).as(e + " was let in and did not fail").isNotIn(401, 403).isLessThan(500);
                assertThat(event.accessPoint().host()).as(e.toString()).isEqualTo("127.0.0.1");
                assertThat(event.detail()).as(e.toString()).startsWith(e.method() + " " + e.pattern());
            }
            if (declared.subject() == PatientData.Subject.JOB) {
                long id = Long.parseLong(values.get("id"));
                assertThat(event.objects()).as(e.toString()).contains(ObjectRef.job(id));
                if (!declared.recordedByDomain()) {
                    assertThat(event.patient().bsn()).as(e.toString()).isEqualTo(bsn);
                }
            }
        }
        assertThat(missing).as("actions on patient data without their audit event").isEmpty();
        assertThat(walked).as("endpoints walked").isGreaterThan(20);
    }

    /** Requests that change no patient data and no configuration although they are not GETs, with why. */
    static final Map<String, String> CHANGES_NOTHING = Map.of(
            "POST /institutions/{key}/echo", "a C-ECHO to test a destination: sends a verification, changes nothing");

    /**
     * Issue 17: "user, role and configuration changes" are logged. Every request that changes something and is not
     * about patient data is a declared configuration change; each is called (the address book's entry created, its
     * SFTP drop set and removed, the entry removed, imports) and the trail must then hold its CONFIGURATION_CHANGE
     * by the user, from the user's address, naming what was changed.
     */
    @Test
    void everyConfigurationChangeLeavesItsEventInTheTrail() throws Exception {
        List<String> undeclared = Endpoints.of(context).all().stream()
                .filter(e -> !e.method().equals("GET"))
                .filter(e -> !e.handler().hasMethodAnnotation(PatientData.class))
                .filter(e -> !e.handler().hasMethodAnnotation(nl.zorgbrug.app.access.ConfigurationChange.class))
                .map(Endpoints.Endpoint::toString)
                .filter(name -> !CHANGES_NOTHING.containsKey(name)).toList();
        assertThat(undeclared).as("requests that change something without @PatientData or @ConfigurationChange")
                .isEmpty();

        String entry = "{\"key\":\"walkinst\",\"name\":\"Walk Institution\",\"aeTitle\":\"WALK_AE\","
                + "\"host\":\"127.0.0.1\",\"port\":104}";
        Map<String, String> values = new HashMap<>(Map.of("key", "walkinst", "name", "Walk Institution",
                "aeTitle", "WALK_AE", "host", "127.0.0.1", "port", "104", "body:/api/institutions/{key}", entry,
                "body:/api/institutions/import", "[" + entry + "]", "body:/api/institutions/{key}/sftp",
                "{\"host\":\"127.0.0.1\",\"port\":22,\"user\":\"walk\",\"folder\":\"in\"}"));
        values.put("mode", "MERGE");
        List<String> missing = new ArrayList<>();
        int walked = 0;
        // Creating before changing before removing, so each change finds what it changes.
        List<Endpoints.Endpoint> changes = Endpoints.of(context).all().stream()
                .filter(e -> e.handler().hasMethodAnnotation(nl.zorgbrug.app.access.ConfigurationChange.class))
                .sorted(java.util.Comparator.comparing((Endpoints.Endpoint e) -> e.method().equals("DELETE")
                        || e.pattern().endsWith("/delete")).thenComparing(e -> e.pattern().contains("sftp") ? 1 : 0))
                .toList();
        for (Endpoints.Endpoint e : changes) {
            nl.zorgbrug.app.access.ConfigurationChange declared = e.handler()
                    .getMethodAnnotation(nl.zorgbrug.app.access.ConfigurationChange.class);
            long before = lastSeq();
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request = e.request(values);
            if (e.pattern().equals("/institutions")) {
                // The console's form (a model attribute, not request parameters the walk fills by itself).
                request.param("key", "walkinst").param("name", "Walk Institution").param("aeTitle", "WALK_AE")
                        .param("host", "127.0.0.1").param("port", "104");
            }
            int status = mvc.perform(request.with(csrf()).with(user("walker").roles(allRoles())))
                    .andReturn().getResponse().getStatus();
            List<AuditEvent> added = new JdbcAuditStore(dataSource).read(before, 1000).stream()
                    .map(AuditRecord::event).filter(a -> a.type() == EventType.CONFIGURATION_CHANGE)
                    .filter(a -> a.actor().userId().equals("walker")).toList();
            walked++;
            if (added.size() != 1) {
                missing.add(e + " (HTTP " + status + "): " + added.size() + " CONFIGURATION_CHANGE events by the user");
                continue;
            }
            AuditEvent event = added.get(0);
            assertThat(event.actor().role()).as(e.toString()).isEqualTo(Role.ADMIN);
            assertThat(event.accessPoint().host()).as(e.toString()).isEqualTo("127.0.0.1");
            assertThat(event.action()).as(e.toString()).isEqualTo(declared.action());
            assertThat(event.detail()).as(e.toString()).startsWith(declared.value())
                    .contains(e.method() + " " + e.pattern());
            assertThat(event.outcome()).as(e + " (HTTP " + status + "): " + event.detail())
                    .isEqualTo(status >= 500 ? nl.zorgbrug.audit.event.Outcome.SERIOUS_FAILURE
                            : status >= 400 || event.detail().contains("(not changed:")
                            ? nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE : nl.zorgbrug.audit.event.Outcome.SUCCESS);
            if (!declared.key().isEmpty()) {
                assertThat(event.detail()).as(e.toString()).contains("'walkinst'");
            }
        }
        assertThat(missing).as("configuration changes without their one audit event").isEmpty();
        assertThat(walked).as("configuration changes walked").isGreaterThanOrEqualTo(8);
    }

    private long lastSeq() {
        return new JdbcAuditStore(dataSource).last().map(AuditRecord::seq).orElse(0L);
    }

    private static String[] allRoles() {
        return java.util.Arrays.stream(UserRole.values()).map(Enum::name).toArray(String[]::new);
    }

    /** A job for the patient, not due (an hour's quiet time), so the node's runner leaves it alone. */
    private Job job(String study, Bsn bsn) {
        Job job = manager.accept(study, "UMCX", Direction.IMPORT, "ACC-" + study,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false),
                Duration.ofHours(1));
        // As a sender following Nictiz "BSN in DICOM" sends it: the BSN with the BSN OID as its issuer.
        new JdbcTemplate(dataSource).update("update job set patient_id = ?, patient_id_issuer = ?, patient_name = ?"
                + " where id = ?", bsn.value(), Bsn.ISSUER_OID, "Walk^Test", job.id());
        return job;
    }

    private Job failed(Job job) {
        return manager.finish(manager.start(job), List.of(),
                Failure.ofException(new java.net.ConnectException("Connection refused")));
    }

    private Job held(Job job) {
        return manager.hold(job, "a person checks it first");
    }

    private String quarantined(String study) {
        quarantine.add(new QuarantineItem(0, "walk", study, study + ".1", "1.2.840.10008.5.1.4.1.1.2", "WALKER",
                "NO_MATCH", "geen patiënt", "no patient", "Walk^Test", "*****1234", QuarantineState.OPEN,
                Instant.now(), null, null, null));
        return study;
    }
}
