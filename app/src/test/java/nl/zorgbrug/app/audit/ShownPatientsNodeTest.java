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
 * list, the quarantine worklist, the MPI search and their REST twins each leave one event naming every patient they
 * showed (BSN and local number, a job's local number completed from the MPI); the patient's overview of a patient
 * shown in a list lists that view, without the other patients; the job list's refresh in one session is one view.
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
        Job job = manager.accept(study, "UMCX", Direction.IMPORT, "ACC-" + study,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false),
                Duration.ofHours(1));
        new JdbcTemplate(dataSource).update("update job set patient_id = ?, patient_name = ? where id = ?",
                patientId, "Shown^Patient", job.id());
        return job;
    }

    /** The events the request left, by the user. */
    private List<AuditEvent> call(MockHttpServletRequestBuilder request) throws Exception {
        long before = new JdbcAuditStore(dataSource).last().map(AuditRecord::seq).orElse(0L);
        int status = mvc.perform(request.with(user("sam").roles("ADMIN"))).andReturn().getResponse().getStatus();
        assertThat(status).as(request.toString()).isEqualTo(200);
        return new JdbcAuditStore(dataSource).read(before, 100).stream().map(AuditRecord::event)
                .filter(e -> e.actor().userId().equals("sam")).toList();
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

    /** Last: it adds a job to the list. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void theJobListRefreshedInOneSessionIsOneView() throws Exception {
        MockHttpSession session = new MockHttpSession();
        assertThat(call(get("/jobs/table").session(session))).hasSize(1);
        assertThat(call(get("/jobs/table").session(session))).as("the same list 5 s later").isEmpty();
        job("2.25.172404", searched.value());
        assertThat(call(get("/jobs/table").session(session))).as("a new patient in the list").singleElement()
                .satisfies(e -> assertThat(e.patients()).contains(shownBy(searched, "SHOWN-3")));
    }
}
