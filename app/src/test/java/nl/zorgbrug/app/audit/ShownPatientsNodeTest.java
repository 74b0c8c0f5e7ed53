package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.overview.OverviewService;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineState;

/**
 * Issue 17 (NEN 7513: every page and API response that shows patient data is a view of those patients): the job
 * list, the quarantine worklist, the MPI search, the compliance pages' studies and sample, the download links, the
 * received BgZs and their REST twins each leave one event naming every patient they showed (BSN and local number, a
 * job's local number completed from the MPI); the patient's overview of a patient shown in a list lists that view,
 * without the other patients; the job list's refresh in one session is one view.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ShownPatientsNodeTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.gateway.local-issuer", () -> ISSUER);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:shown;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.retry.initial", () -> "30m");
        r.add("zorgbrug.gateway.routes[0].name", () -> "shown");
        r.add("zorgbrug.gateway.routes[0].called-ae-title", () -> "ZB_SHOWN");
        r.add("zorgbrug.gateway.routes[0].direction", () -> "import");
        r.add("zorgbrug.gateway.routes[0].destination", () -> "umcx");
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JobManager manager;

    @Autowired
    DataSource dataSource;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    nl.zorgbrug.gateway.spool.Spool spool;

    @Autowired
    nl.zorgbrug.bsn.mpi.MpiStore mpi;

    @Autowired
    OverviewService overviews;

    @Autowired
    nl.zorgbrug.app.compliance.JdbcMeasurementStore measurement;

    @Autowired
    nl.zorgbrug.transport.link.LinkStore links;

    @Autowired
    nl.zorgbrug.bgz.receive.ReceivedBgzStore receivedBgz;

    private static final Random random = new Random(1724);
    /** An import's patient, by the BSN the job arrived with. */
    private static final Bsn imported = TestEvents.bsn(random);
    /** An export's patient, by the local number the job carries; the MPI knows the BSN. */
    private static final Bsn exported = TestEvents.bsn(random);
    /** A patient of the MPI the searches find. */
    private static final Bsn searched = TestEvents.bsn(random);
    /** A quarantined object's patient, by the BSN it arrived with. */
    private static final Bsn quarantined = TestEvents.bsn(random);
    /** Made once: the tests share the node (one context) and run in order. */
    private static Job importJob;

    @BeforeEach
    void data() throws Exception {
        if (importJob != null) {
            return;
        }
        importJob = job("2.25.172401", imported.value());
        job("2.25.172402", "SHOWN-2");
        mpi.save(new MpiPatient("SHOWN-2", ISSUER, exported, BsnStatus.VALIDATED, "Shownpatient", "Eva", "19700101",
                "F", null, null));
        mpi.save(new MpiPatient("SHOWN-3", ISSUER, searched, BsnStatus.VALIDATED, "Shownpatient", "Sam", "19800101",
                "M", null, null));
        String study = "2.25.172403";
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.PatientName, VR.PN, "Quarantined^Quinn");
        ds.setString(Tag.PatientID, VR.LO, quarantined.value());
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.4", study + ".1",
                ts, "T"), ds, ts, true), out);
        spool.forRoute("shown").store(study, study + ".1", new ByteArrayInputStream(out.toByteArray()));
        quarantine.add(new QuarantineItem(0, "shown", study, study + ".1", "1.2.840.10008.5.1.4.1.1.4", "MODALITY",
                "NO_MATCH", "geen patiënt", "no patient", "Quarantined^Quinn", Bsn.mask(quarantined.value()),
                QuarantineState.OPEN, Instant.now(), null, null, null));
    }

    private Job job(String study, String patientId) {
        return job(study, patientId, Direction.IMPORT);
    }

    private Job job(String study, String patientId, Direction direction) {
        Job job = manager.accept(study, "UMCX", direction, "ACC-" + study,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false),
                Duration.ofHours(1));
        // The issuer as the objects would name it: a BSN with the BSN OID; an import's local number ours (a quarantined
        // study linked to our patient); an export's none (our own PACS's objects).
        String issuer = Bsn.isValid(patientId) ? Bsn.ISSUER_OID : direction == Direction.IMPORT ? ISSUER : null;
        new JdbcTemplate(dataSource).update("update job set patient_id = ?, patient_id_issuer = ?, patient_name = ?"
                + " where id = ?", patientId, issuer, "Shown^Patient", job.id());
        return job;
    }

    /** The events the request left, by the user. */
    private List<AuditEvent> call(MockHttpServletRequestBuilder request) throws Exception {
        return answer(request).events();
    }

    /** What the request answered, and the events it left by the user. */
    private record Answer(String body, List<AuditEvent> events) {
    }

    private Answer answer(MockHttpServletRequestBuilder request) throws Exception {
        long before = new JdbcAuditStore(dataSource).last().map(AuditRecord::seq).orElse(0L);
        org.springframework.mock.web.MockHttpServletResponse response = mvc
                .perform(request.with(user("sam").roles("ADMIN"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(request.toString()).isEqualTo(200);
        return new Answer(response.getContentAsString(), new JdbcAuditStore(dataSource).read(before, 100).stream()
                .map(AuditRecord::event).filter(e -> e.actor().userId().equals("sam")).toList());
    }

    /** The one event the request left names exactly these patients. */
    private void namesExactly(MockHttpServletRequestBuilder request, EventType type, PatientRef... patients)
            throws Exception {
        assertThat(call(request)).as(request.toString()).singleElement().satisfies(e -> {
            assertThat(e.type()).as(request.toString()).isEqualTo(type);
            assertThat(e.patients()).as(request.toString()).containsExactlyInAnyOrder(patients);
            assertThat(e.detail()).as(request.toString()).contains(patients.length + " patients shown");
        });
    }

    private static PatientRef shownBy(Bsn bsn, String local) {
        return new PatientRef(bsn, local);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyListAndSearchNamesThePatientsItShowed() throws Exception {
        List<PatientRef> jobPatients = List.of(shownBy(imported, null), shownBy(exported, "SHOWN-2"));
        for (String path : List.of("/", "/jobs/table", "/jobs.csv", "/api/jobs")) {
            List<AuditEvent> events = call(get(path));
            assertThat(events).as(path).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(path.equals("/jobs.csv") ? EventType.EXPORT_REPORT : EventType.QUERY);
                assertThat(e.patients()).as(path).containsExactlyInAnyOrderElementsOf(jobPatients);
                assertThat(e.detail()).as(path).contains("2 patients shown");
            });
        }
        assertThat(call(get("/api/jobs/patients").param("ids", Long.toString(importJob.id()))))
                .singleElement().satisfies(e -> assertThat(e.patients()).containsExactly(shownBy(imported, null)));

        // The worklist: the quarantined study's patient (from the spooled head, as it arrived) and, with a study
        // chosen, the MPI's candidates the search found.
        assertThat(call(get("/quarantine").param("study", "2.25.172403").param("name", "shownpat")))
                .singleElement().satisfies(e -> assertThat(e.patients()).containsExactlyInAnyOrder(
                        shownBy(quarantined, null), shownBy(exported, "SHOWN-2"), shownBy(searched, "SHOWN-3")));
        assertThat(call(get("/api/quarantine"))).singleElement()
                .satisfies(e -> assertThat(e.patients()).containsExactly(shownBy(quarantined, null)));

        for (String path : List.of("/mpi", "/api/mpi")) {
            assertThat(call(get(path).param("name", "Shownpatient"))).as(path).singleElement()
                    .satisfies(e -> assertThat(e.patients()).as(path)
                            .containsExactlyInAnyOrder(shownBy(exported, "SHOWN-2"), shownBy(searched, "SHOWN-3")));
        }
        // The searched patient by BSN is the event's patient, named once.
        assertThat(call(get("/api/mpi").param("bsn", searched.value()))).singleElement()
                .satisfies(e -> assertThat(e.patients()).containsExactly(PatientRef.of(searched),
                        shownBy(searched, "SHOWN-3")));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void thePatientsOverviewListsTheListThatShowedThePatientAndNoOtherPatient() throws Exception {
        AuditEvent list = call(get("/api/mpi").param("name", "Shownpatient")).get(0);
        Actor petra = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, null);
        List<AuditEvent> seen = overviews.overview(exported, petra, AccessPoint.host("127.0.0.1")).events();
        assertThat(seen).filteredOn(e -> e.id().equals(list.id())).singleElement().satisfies(e -> {
            assertThat(e.patient()).isEqualTo(shownBy(exported, "SHOWN-2"));
            assertThat(e.patients()).containsExactly(e.patient());
        });
        assertThat(overviews.overview(searched, petra, null).events()).extracting(AuditEvent::id).contains(list.id());
    }

    /**
     * The compliance pages' studies, study and sample name the patients of the studies' jobs (each study in its own
     * direction); the download links the Patient ID of each packed link's package; the received BgZs their BSNs.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void theComplianceStudiesTheLinksAndTheReceivedBgzsNameThePatientsTheyShowed() throws Exception {
        Instant now = Instant.now();
        for (String study : List.of("2.25.172401", "2.25.172402", "2.25.172405")) {
            measurement.received(Direction.IMPORT, study, study + ".1", "shown", "umcx", "UMCX",
                    nl.zorgbrug.bsn.classify.Verdict.CORRECT, now, nl.zorgbrug.compliance.measure.HeaderFacts.UNKNOWN);
        }
        // Measured as an import; its only job is an export: the import row is no view of the export's patient.
        job("2.25.172405", "SHOWN-3", Direction.EXPORT);
        PatientRef[] measured = {shownBy(imported, null), shownBy(exported, "SHOWN-2")};
        for (String path : List.of("/compliance/studies", "/api/compliance/studies")) {
            namesExactly(get(path).param("direction", "IMPORT"), EventType.QUERY, measured);
        }
        namesExactly(get("/compliance/sample").param("seed", "17"), EventType.QUERY, measured);
        namesExactly(get("/api/compliance/sample").param("seed", "17"), EventType.QUERY, measured);
        // A sample of one names that study's patient only.
        Answer one = answer(get("/api/compliance/sample").param("seed", "17").param("n", "1"));
        PatientRef[] sampled = one.body().contains("2.25.172401") ? new PatientRef[] {shownBy(imported, null)}
                : one.body().contains("2.25.172402") ? new PatientRef[] {shownBy(exported, "SHOWN-2")}
                : new PatientRef[0];
        assertThat(one.events()).singleElement()
                .satisfies(e -> assertThat(e.patients()).containsExactlyInAnyOrder(sampled));
        for (String path : List.of("/compliance/studies/2.25.172402", "/api/compliance/studies/2.25.172402")) {
            assertThat(call(get(path))).as(path).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(EventType.VIEW);
                assertThat(e.patients()).as(path).containsExactly(shownBy(exported, "SHOWN-2"));
                assertThat(e.objects()).as(path).contains(nl.zorgbrug.audit.event.ObjectRef.study("2.25.172402"));
            });
        }

        // Two links packed (one with the BSN after the swap, one with the own local number), one not packed yet.
        link("2.25.172406", imported.value());
        link("2.25.172407", "SHOWN-3");
        links.save(nl.zorgbrug.transport.link.DownloadLink.order("2.25.172408", "shown@example.test", null,
                "not packed yet", true, true, now.plus(Duration.ofDays(1)), "sam", now));
        for (String path : List.of("/links", "/api/links")) {
            namesExactly(get(path), EventType.VIEW, shownBy(imported, null), shownBy(searched, "SHOWN-3"));
        }

        for (Bsn patient : List.of(searched, quarantined)) {
            receivedBgz.save(new nl.zorgbrug.bgz.receive.ReceivedBgz(java.util.UUID.randomUUID(),
                    new nl.zorgbrug.bgz.receive.BgzSource("shown", "Shown hospital", null, "https://shown.example/fhir"),
                    nl.zorgbrug.bgz.receive.Occasion.REQUEST, null, now, patient, "sam", List.of(), 0));
        }
        namesExactly(get("/bgz/received"), EventType.VIEW, shownBy(searched, "SHOWN-3"), shownBy(quarantined, null));
    }

    /** A link packed and mailed, its package holding this Patient ID. */
    private void link(String study, String patientId) {
        Instant now = Instant.now();
        nl.zorgbrug.transport.link.DownloadLink ordered = links.save(nl.zorgbrug.transport.link.DownloadLink.order(
                study, "shown@example.test", null, "the test sends it", true, true, now.plus(Duration.ofDays(1)),
                "sam", now));
        assertThat(links.saveIf(nl.zorgbrug.transport.link.LinkState.ORDERED, ordered.mailed("hash-" + study,
                "00", "code-" + study, importJob.id(), null, 10, patientId))).isTrue();
    }

    /**
     * Issue 17: an import job's Patient ID names one of our patients only when it is ours — our local issuer, or a BSN
     * with the BSN OID — and an export's without issuer is our own PACS's; another hospital's local number (here the
     * same as one of ours) and a nine-digit value without the BSN OID are recorded as the foreign identifier with its
     * issuer, and the patient of ours with that number finds no such view in the overview.
     */
    @Test
    @org.junit.jupiter.api.Order(4)
    void anImportsPatientIdNamesOurPatientOnlyWithOurIssuerOrTheBsnOid(
            @Autowired nl.zorgbrug.gateway.job.JobRepository jobs) throws Exception {
        String otherHospital = "2.16.528.1.1007.99.777";
        Job foreign = issued("2.25.172410", Direction.IMPORT, "SHOWN-3", otherHospital, jobs);
        Job bsnWithoutOid = issued("2.25.172411", Direction.IMPORT, searched.value(), null, jobs);
        Job bsnWithOid = issued("2.25.172412", Direction.IMPORT, searched.value(), Bsn.ISSUER_OID, jobs);
        Job ours = issued("2.25.172413", Direction.IMPORT, "SHOWN-3", ISSUER, jobs);
        Job export = issued("2.25.172414", Direction.EXPORT, "SHOWN-3", null, jobs);

        AuditEvent foreignView = call(get("/api/jobs/patients").param("ids", foreign.id() + "," + bsnWithoutOid.id()))
                .get(0);
        assertThat(foreignView.patients()).as("no patient of ours").isEmpty();
        assertThat(foreignView.objects()).contains(nl.zorgbrug.audit.event.ObjectRef.foreignPatient("SHOWN-3",
                otherHospital), nl.zorgbrug.audit.event.ObjectRef.foreignPatient(searched.value(), null));
        assertThat(foreignView.detail()).contains("2 patients shown");
        for (Job j : List.of(bsnWithOid, ours, export)) {
            assertThat(call(get("/api/jobs/patients").param("ids", Long.toString(j.id())))).singleElement()
                    .satisfies(e -> assertThat(e.patients()).as(j.direction() + " " + j.studyInstanceUid())
                            .containsExactly(shownBy(searched, "SHOWN-3")));
        }
        // One job's page: another hospital's number names no patient of ours either.
        assertThat(call(get("/api/jobs/" + foreign.id()))).singleElement()
                .satisfies(e -> assertThat(e.patient()).isNull());
        Actor petra = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, null);
        assertThat(overviews.overview(searched, petra, null).events()).extracting(AuditEvent::id)
                .doesNotContain(foreignView.id());
    }

    /** A job whose first object named this Patient ID and issuer, recorded as the intake records it. */
    private Job issued(String study, Direction direction, String patientId, String issuer,
                       nl.zorgbrug.gateway.job.JobRepository jobs) {
        Job job = manager.accept(study, "UMCX", direction, "ACC-" + study,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false),
                Duration.ofHours(1));
        jobs.recordPatient(job.id(), "Issued^Patient", patientId, issuer);
        return job;
    }

    /** Last: it adds a job to the list. */
    @Test
    @org.junit.jupiter.api.Order(5)
    void theJobListRefreshedInOneSessionIsOneView() throws Exception {
        MockHttpSession session = new MockHttpSession();
        assertThat(call(get("/jobs/table").session(session))).hasSize(1);
        assertThat(call(get("/jobs/table").session(session))).as("the same list 5 s later").isEmpty();
        job("2.25.172404", quarantined.value());
        assertThat(call(get("/jobs/table").session(session))).as("a new patient in the list").singleElement()
                .satisfies(e -> assertThat(e.patients()).contains(shownBy(quarantined, null)));
    }
}
