package nl.zorgbrug.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.route.RouteStep;
import nl.zorgbrug.gateway.spool.Spool;

/** The one intake: spool, decide, admit, and the events that tell of it; a typed outcome for each transport. */
class IntakeTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    @TempDir
    Path tmp;

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryQuarantine quarantine = new InMemoryQuarantine();
    private final Transactions transactions = Transactions.none();
    private final EventHub events = EventHub.inMemory(transactions);
    private final JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
            JobAlerts.logged(), events);
    private final List<GatewayEvent> heard = new CopyOnWriteArrayList<>();

    private Intake intake(Spool spool, RouteStep step) {
        events.subscribe(heard::add);
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(step));
        return new Intake(new Intake.Parts(spool, List.of(route), manager, jobs, quarantine, Duration.ofMinutes(1),
                Clock.systemUTC(), events));
    }

    private static byte[] object(String study, String sop) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.PatientID, VR.LO, "PAT-" + sop.hashCode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TS);
        return out.toByteArray();
    }

    private static IntakeOutcome receive(Intake intake, String study, String sop) throws IOException {
        return intake.receive(intake.routeForCalledAe("ZB_EXPORT").orElseThrow(), new Arrival(CT, sop, TS, "PACS"),
                new ByteArrayInputStream(object(study, sop)));
    }

    private static long files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aForwardedObjectIsSpooledJoinsItsJobAndIsToldOfAfterwards() throws Exception {
        Intake intake = intake(new Spool(tmp.resolve("spool")), context -> {
            context.verdict(Verdict.NO_BSN);
            return Optional.empty();
        });
        IntakeOutcome outcome = receive(intake, "2.25.31", "2.25.31.1");

        assertThat(outcome).isInstanceOf(IntakeOutcome.JoinedJob.class);
        assertThat(outcome.safe()).isTrue();
        IntakeOutcome.JoinedJob joined = (IntakeOutcome.JoinedJob) outcome;
        assertThat(Files.exists(joined.spooled().path())).isTrue();
        assertThat(manager.get(joined.jobId()).bsnVerdict()).isEqualTo(Verdict.NO_BSN);
        assertThat(heard).hasSize(3);
        // The job's opening first: the object's two events are published together, last (one outbox row, issue 17).
        assertThat(heard.get(0)).isInstanceOfSatisfying(GatewayEvent.JobStateChanged.class, c -> {
            assertThat(c.from()).isNull();
            assertThat(c.to()).isEqualTo(JobState.WAITING);
        });
        assertThat(heard.get(1)).isInstanceOfSatisfying(GatewayEvent.ObjectReceived.class, r -> {
            assertThat(r.decision()).isEqualTo(GatewayEvent.Decision.FORWARD);
            assertThat(r.verdict()).isEqualTo(Verdict.NO_BSN);
            assertThat(r.bytes()).isEqualTo(joined.spooled().size());
        });
        assertThat(heard.get(2)).isInstanceOfSatisfying(GatewayEvent.JoinedJob.class, j -> {
            assertThat(j.jobId()).isEqualTo(joined.jobId());
            assertThat(j.spoolPath()).isEqualTo(joined.spooled().path().toString());
        });
    }

    /**
     * Issue 17, the audit cost per image: an object's ObjectReceived and JoinedJob (or Quarantined) are one outbox row,
     * handed to a batch subscriber (the audit trail) with one position, the received one first.
     */
    @Test
    void eachObjectIsOneOutboxRowWithWhereItWent() throws Exception {
        nl.zorgbrug.gateway.events.InMemoryEventOutbox outbox = new nl.zorgbrug.gateway.events.InMemoryEventOutbox();
        EventHub hub = new EventHub(transactions, outbox);
        List<nl.zorgbrug.gateway.events.EventOutbox.Kept> audit = new ArrayList<>();
        hub.subscribeInBatches("audit", audit::addAll);
        JobManager jobManager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged(), hub);
        Route forward = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(context -> Optional.empty()));
        Route quarantining = new Route("import", "ZB_IMPORT", Direction.IMPORT, "local", false, List.of(context ->
                Optional.of(new RouteDecision.Quarantine("NO_LOCAL_PATIENT", "geen patiënt", "no patient", Verdict.CORRECT))));
        Intake intake = new Intake(new Intake.Parts(new Spool(tmp.resolve("spool")), List.of(forward, quarantining),
                jobManager, jobs, quarantine, Duration.ofMinutes(1), Clock.systemUTC(), hub));
        for (String sop : List.of("2.25.35.1", "2.25.35.2")) {
            intake.receive(forward, new Arrival(CT, sop, TS, "PACS"), new ByteArrayInputStream(object("2.25.35", sop)));
        }
        intake.receive(quarantining, new Arrival(CT, "2.25.36.1", TS, "PACS"),
                new ByteArrayInputStream(object("2.25.36", "2.25.36.1")));

        assertThat(outbox.rows()).as("the job opened, then one row per object").isEqualTo(4);
        hub.catchUp("audit");
        assertThat(audit).extracting(k -> k.event().getClass().getSimpleName()).containsExactly("JobStateChanged",
                "ObjectReceived", "JoinedJob", "ObjectReceived", "JoinedJob", "ObjectReceived", "Quarantined");
        assertThat(audit).extracting(nl.zorgbrug.gateway.events.EventOutbox.Kept::position)
                .containsExactly(1L, 2L, 2L, 3L, 3L, 4L, 4L);
    }

    @Test
    void aQuarantinedObjectGoesToTheWorklistAndNoJob() throws Exception {
        Intake intake = intake(new Spool(tmp.resolve("spool")), context -> Optional.of(
                new RouteDecision.Quarantine("NO_LOCAL_PATIENT", "geen patiënt", "no patient", Verdict.CORRECT)));
        IntakeOutcome outcome = receive(intake, "2.25.32", "2.25.32.1");

        assertThat(outcome).isInstanceOf(IntakeOutcome.Quarantined.class);
        assertThat(quarantine.byStudy("2.25.32")).singleElement().satisfies(item -> {
            assertThat(item.reasonCode()).isEqualTo("NO_LOCAL_PATIENT");
            assertThat(item.patientIdMasked()).startsWith("*");
        });
        assertThat(jobs.instancesBySopInstanceUid("2.25.32.1")).isEmpty();
        assertThat(heard).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ObjectReceived", "Quarantined");
    }

    /** Issue 20: an image import that found another patient's instance quarantines it with its own reason. */
    @Test
    void aCallersQuarantineReasonTakesThePlaceOfTheRoutesDecision() throws Exception {
        Intake intake = intake(new Spool(tmp.resolve("spool")), context -> {
            context.verdict(Verdict.NO_BSN);
            return Optional.empty();
        });
        Route route = intake.routeForCalledAe("ZB_EXPORT").orElseThrow();
        IntakeOutcome outcome = intake.receive(route, new Arrival(CT, "2.25.38.1", TS, "PACS"),
                new ByteArrayInputStream(object("2.25.38", "2.25.38.1")),
                new RouteDecision.Quarantine("BSN_DIFFERS", "gevraagd BSN *****1234", "asked for BSN *****1234", null));
        IntakeOutcome forwarded = receive(intake, "2.25.38", "2.25.38.2");

        assertThat(outcome).isInstanceOf(IntakeOutcome.Quarantined.class);
        assertThat(quarantine.byStudy("2.25.38")).singleElement().satisfies(item -> {
            assertThat(item.sopInstanceUid()).isEqualTo("2.25.38.1");
            assertThat(item.reasonCode()).isEqualTo("BSN_DIFFERS");
            assertThat(item.messageEn()).isEqualTo("asked for BSN *****1234");
        });
        assertThat(jobs.instancesBySopInstanceUid("2.25.38.1")).isEmpty();
        assertThat(forwarded).as("without a reason the route decides").isInstanceOf(IntakeOutcome.JoinedJob.class);
    }

    @Test
    void anObjectWithoutAValidStudyUidIsRefusedAndNothingIsKept() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root), context -> Optional.empty());
        IntakeOutcome outcome = receive(intake, "not-a-uid", "2.25.33.1");

        assertThat(outcome).isInstanceOfSatisfying(IntakeOutcome.Unreadable.class,
                u -> assertThat(u.message()).contains("Study Instance UID"));
        assertThat(outcome.safe()).isFalse();
        assertThat(files(root)).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void aFullSpoolIsAnOutcomeTheSenderCanRetryOn() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root, Long.MAX_VALUE), context -> Optional.empty());
        IntakeOutcome outcome = receive(intake, "2.25.34", "2.25.34.1");

        assertThat(outcome).isInstanceOf(IntakeOutcome.SpoolFull.class);
        assertThat(files(root)).isZero();
        assertThat(heard).isEmpty();
    }
    // ---- issue 15: what the intake refuses up front, what it logs, and a readmission that never stops the start

    private static final String NAME = "Jansen^Olga";
    private static final String BSN = "999911120";

    /** An object of this study and instance with these patient values (a null leaves the attribute out). */
    private static byte[] object(String study, String sop, String patientName, String patientId, String accession)
            throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        if (accession != null) {
            ds.setString(Tag.AccessionNumber, VR.SH, accession);
        }
        if (patientName != null) {
            ds.setString(Tag.PatientName, VR.PN, patientName);
        }
        if (patientId != null) {
            ds.setString(Tag.PatientID, VR.LO, patientId);
        }
        DataSet other = DataSet.itemOf(ds);
        other.setString(Tag.PatientID, VR.LO, BSN);
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(other));
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TS);
        return out.toByteArray();
    }

    private static IntakeOutcome receive(Intake intake, Arrival arrival, byte[] object) throws IOException {
        return intake.receive(intake.routeForCalledAe("ZB_EXPORT").orElseThrow(), arrival, new ByteArrayInputStream(object));
    }

    /** PS3.7 9.1.1.1: the command's Affected SOP Instance and Class UIDs are the data set's; else 0xA900, nothing kept. */
    @Test
    void aDataSetThatIsAnotherObjectThanItsCommandSaysIsRefusedAndNothingIsKept() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root), context -> Optional.empty());

        IntakeOutcome otherInstance = receive(intake, new Arrival(CT, "2.25.35.9", TS, "PACS"),
                object("2.25.35", "2.25.35.1", NAME, "PAT-35", "ACC35"));
        IntakeOutcome otherClass = receive(intake, new Arrival("1.2.840.10008.5.1.4.1.1.4", "2.25.35.1", TS, "PACS"),
                object("2.25.35", "2.25.35.1", NAME, "PAT-35", "ACC35"));

        assertThat(otherInstance).isInstanceOfSatisfying(IntakeOutcome.NotConformant.class, n -> {
            assertThat(n.comment()).contains("(0008,0018)").hasSizeLessThanOrEqualTo(64);
            assertThat(n.message()).contains("2.25.35.9").contains("2.25.35.1");
            assertThat(GatewayStoreHandler.status(n).code()).isEqualTo(0xA900);
        });
        assertThat(otherClass).isInstanceOfSatisfying(IntakeOutcome.NotConformant.class,
                n -> assertThat(n.comment()).contains("(0008,0016)"));
        assertThat(files(root)).isZero();
        assertThat(heard).isEmpty();
    }

    /**
     * Issue 15, blocker 3: a value beyond what the node keeps is refused up front with 0xA900 naming the tag and the
     * length, and nothing is kept; a value beyond what DICOM allows but within that (real senders) passes.
     */
    @Test
    void aValueLongerThanTheNodeKeepsIsRefusedNamingTheTagAndItsLength() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root), context -> Optional.empty());
        int max = HeadCheck.MAX_STORED_CHARACTERS;

        IntakeOutcome tooLong = receive(intake, new Arrival(CT, "2.25.36.1", TS, "PACS"),
                object("2.25.36", "2.25.36.1", NAME, "P".repeat(max + 1), "ACC36"));
        IntakeOutcome longName = receive(intake, new Arrival(CT, "2.25.36.2", TS, "PACS"),
                object("2.25.36", "2.25.36.2", "J".repeat(max + 88), "PAT-36", "ACC36"));
        assertThat(tooLong).isInstanceOfSatisfying(IntakeOutcome.NotConformant.class, n -> {
            assertThat(n.comment()).contains("(0010,0020)").contains(Integer.toString(max + 1))
                    .hasSizeLessThanOrEqualTo(64).doesNotContain("Exception");
            assertThat(n.message()).doesNotContain("PPPP");
        });
        assertThat(longName).isInstanceOfSatisfying(IntakeOutcome.NotConformant.class,
                n -> assertThat(n.comment()).contains("(0010,0010)").contains(Integer.toString(max + 88)));
        assertThat(files(root)).isZero();

        // Over DICOM's 64 (LO) and 16 (SH), as real senders send, within what the node keeps: admitted.
        IntakeOutcome lenient = receive(intake, new Arrival(CT, "2.25.36.3", TS, "PACS"),
                object("2.25.36", "2.25.36.3", NAME, "P".repeat(100), "A".repeat(40)));
        assertThat(lenient).isInstanceOf(IntakeOutcome.JoinedJob.class);
    }

    /** A command whose SOP Instance UID cannot name a file is 0xC000 with the reason, not an exception's name. */
    @Test
    void aCommandWithoutAValidSopInstanceUidIsRefusedWithTheReason() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root), context -> Optional.empty());
        for (String sop : new String[] {"1.2.abc", "1..2", "1." + "2".repeat(70)}) {
            IntakeOutcome outcome = receive(intake, new Arrival(CT, sop, TS, "PACS"),
                    object("2.25.41", "2.25.41.1", NAME, "PAT-41", "ACC41"));
            assertThat(outcome).as(sop).isInstanceOfSatisfying(IntakeOutcome.Unreadable.class,
                    u -> assertThat(u.message()).contains("(0000,1000)").doesNotContain("Exception"));
        }
        assertThat(files(root)).isZero();
    }

    /** A fault of the node (here a route step) is 0x0110 with words, not an exception's name, and no patient in the log. */
    @Test
    void aFaultOfTheNodeIsAProcessingFailureLoggedWithoutThePatient() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root), context -> {
            // As a database quotes the value it refused (H2: "Value too long for column ...: 'Jansen^Olga'").
            throw new IllegalStateException("Value too long: '" + context.header().getString(Tag.PatientName)
                    + "' '" + context.header().getString(Tag.PatientID) + "' " + BSN);
        });
        IntakeOutcome outcome;
        try (LogLines log = LogLines.of(Intake.class)) {
            outcome = receive(intake, new Arrival(CT, "2.25.37.1", TS, "PACS"),
                    object("2.25.37", "2.25.37.1", NAME, "PAT-0037", "ACC37"));

            assertThat(log.all()).contains("2.25.37.1").contains("PACS").contains("IllegalStateException")
                    .doesNotContain("Jansen").doesNotContain("Olga").doesNotContain("PAT-0037").doesNotContain(BSN);
        }
        assertThat(outcome).isInstanceOf(IntakeOutcome.Failed.class);
        assertThat(GatewayStoreHandler.status(outcome).code()).isEqualTo(0x0110);
        assertThat(GatewayStoreHandler.status(outcome).errorComment()).doesNotContain("Exception");
        // Nothing acknowledged, and nothing lost: the object waits in the spool for a resend or the next start.
        assertThat(files(root)).isEqualTo(1);
    }

    /** Issue 15: every refused C-STORE is logged with the calling AE title and the reason, never with patient data. */
    @Test
    void everyRefusedCStoreIsLoggedWithTheCallerAndTheReasonAndNoPatient() throws Exception {
        Intake intake = intake(new Spool(tmp.resolve("spool")), context -> Optional.empty());
        GatewayStoreHandler handler = new GatewayStoreHandler(intake);
        int max = HeadCheck.MAX_STORED_CHARACTERS;
        String longId = "PAT-" + "9".repeat(max);
        try (LogLines log = LogLines.of(GatewayStoreHandler.class)) {
            nl.zorgbrug.dicom.net.dimse.Status tooLong = handler.store(new nl.zorgbrug.dicom.net.service.StoreRequest(
                    "MODALITY1", "ZB_EXPORT", CT, "2.25.38.1", TS, 0, null, -1),
                    new ByteArrayInputStream(object("2.25.38", "2.25.38.1", NAME, longId, "ACC38")));
            nl.zorgbrug.dicom.net.dimse.Status mismatch = handler.store(new nl.zorgbrug.dicom.net.service.StoreRequest(
                    "MODALITY2", "ZB_EXPORT", CT, "2.25.38.7", TS, 0, null, -1),
                    new ByteArrayInputStream(object("2.25.38", "2.25.38.2", NAME, "PAT-0038", "ACC38")));
            nl.zorgbrug.dicom.net.dimse.Status unreadable = handler.store(new nl.zorgbrug.dicom.net.service.StoreRequest(
                    "MODALITY3", "ZB_EXPORT", CT, "2.25.38.3", TS, 0, null, -1),
                    new ByteArrayInputStream(object("not-a-uid", "2.25.38.3", NAME, "PAT-0038", "ACC38")));
            nl.zorgbrug.dicom.net.dimse.Status noRoute = handler.store(new nl.zorgbrug.dicom.net.service.StoreRequest(
                    "MODALITY4", "ZB_ELSEWHERE", CT, "2.25.38.4", TS, 0, null, -1),
                    new ByteArrayInputStream(object("2.25.38", "2.25.38.4", NAME, "PAT-0038", "ACC38")));

            assertThat(List.of(tooLong.code(), mismatch.code(), unreadable.code(), noRoute.code()))
                    .containsExactly(0xA900, 0xA900, 0xC000, 0x0110);
            assertThat(log.lines()).hasSize(4);
            assertThat(log.lines().get(0)).contains("MODALITY1").contains("0xA900").contains("(0010,0020)")
                    .contains(Integer.toString(longId.length()));
            assertThat(log.lines().get(1)).contains("MODALITY2").contains("0xA900").contains("2.25.38.7")
                    .contains("2.25.38.2");
            assertThat(log.lines().get(2)).contains("MODALITY3").contains("0xC000").contains("Study Instance UID");
            assertThat(log.lines().get(3)).contains("MODALITY4").contains("0x0110").contains("ZB_ELSEWHERE");
            assertThat(log.all()).doesNotContain("Jansen").doesNotContain("Olga").doesNotContain("PAT-")
                    .doesNotContain(BSN);
        }
    }

    /** A spooled object the database forgot, as the readmission at start finds it. */
    private static void spoolAsIfForgotten(Spool routeSpool, String study, String sop, byte[] dataSet)
            throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        nl.zorgbrug.dicom.io.Part10Writer.writePreambleAndMeta(null, nl.zorgbrug.dicom.io.FileMetaInformation.create(
                CT, sop, TS, "PACS"), file);
        file.write(dataSet);
        routeSpool.store(study, sop, new ByteArrayInputStream(file.toByteArray()));
    }

    /**
     * Issue 15, blocker 3: readmission at start never stops on an object. One it refuses now (a value longer than
     * the node keeps) and one whose admission fails go onto the quarantine worklist with the reason; the others are
     * admitted; no log line names the patient.
     */
    @Test
    void theReadmissionPutsWhatItCannotAdmitOnTheQuarantineWorklistAndGoesOn() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        Intake intake = intake(spool, context -> {
            if ("PAT-BROKEN".equals(context.header().getString(Tag.PatientID))) {
                throw new IllegalStateException("cannot classify " + context.header().getString(Tag.PatientName)
                        + " PAT-BROKEN");
            }
            return Optional.empty();
        });
        Spool routeSpool = spool.forRoute("export");
        int max = HeadCheck.MAX_STORED_CHARACTERS;
        spoolAsIfForgotten(routeSpool, "2.25.39", "2.25.39.1", object("2.25.39", "2.25.39.1", NAME,
                "PAT-" + "7".repeat(max), "ACC39"));
        spoolAsIfForgotten(routeSpool, "2.25.39", "2.25.39.2", object("2.25.39", "2.25.39.2", NAME, "PAT-BROKEN",
                "ACC39"));
        spoolAsIfForgotten(routeSpool, "2.25.39", "2.25.39.3", object("2.25.39", "2.25.39.3", NAME, "PAT-0039",
                "ACC39"));

        int admitted;
        try (LogLines log = LogLines.of(Intake.class)) {
            admitted = intake.readmitUnknown();
            assertThat(log.all()).contains("2.25.39.1").contains("2.25.39.2").doesNotContain("Jansen")
                    .doesNotContain("Olga").doesNotContain("PAT-").doesNotContain(BSN);
        }

        assertThat(admitted).isEqualTo(1);
        assertThat(jobs.instancesBySopInstanceUid("2.25.39.3")).hasSize(1);
        assertThat(quarantine.byStudy("2.25.39")).extracting(q -> q.sopInstanceUid() + " " + q.reasonCode())
                .containsExactlyInAnyOrder("2.25.39.1 " + Intake.NOT_READMITTED, "2.25.39.2 " + Intake.NOT_READMITTED);
        assertThat(quarantine.byStudy("2.25.39")).allSatisfy(q -> {
            assertThat(q.patientName()).isEqualTo(NAME);
            assertThat(q.patientIdMasked()).hasSizeLessThanOrEqualTo(max).startsWith("*");
        });
        assertThat(quarantine.byStudy("2.25.39")).filteredOn(q -> q.sopInstanceUid().equals("2.25.39.1"))
                .singleElement().satisfies(q -> assertThat(q.messageEn()).contains("(0010,0020)")
                        .contains(Integer.toString(max + 4)));
        assertThat(quarantine.byStudy("2.25.39")).filteredOn(q -> q.sopInstanceUid().equals("2.25.39.2"))
                .singleElement().satisfies(q -> assertThat(q.messageEn()).contains("IllegalStateException")
                        .doesNotContain("PAT-BROKEN").doesNotContain("Jansen"));
        // The originals stay where the desk finds them; a second start admits nothing twice.
        assertThat(routeSpool.find("2.25.39", "2.25.39.1")).isPresent();
        assertThat(intake.readmitUnknown()).isZero();
        assertThat(quarantine.byStudy("2.25.39")).hasSize(2);
    }

    /** When even the quarantine worklist cannot take it, the object is moved aside with its reason, not lost. */
    @Test
    void theReadmissionMovesAsideWhatEvenTheWorklistCannotTake() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        events.subscribe(heard::add);
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());
        nl.zorgbrug.gateway.quarantine.QuarantineRepository failing = (nl.zorgbrug.gateway.quarantine.QuarantineRepository)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {nl.zorgbrug.gateway.quarantine.QuarantineRepository.class}, (proxy, method, args) -> {
                            if (method.getName().equals("add")) {
                                throw new IllegalStateException("the worklist's table is gone");
                            }
                            try {
                                return method.invoke(quarantine, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        Intake intake = new Intake(new Intake.Parts(spool, List.of(route), manager, jobs, failing, Duration.ofMinutes(1),
                Clock.systemUTC(), events));
        Spool routeSpool = spool.forRoute("export");
        spoolAsIfForgotten(routeSpool, "2.25.40", "2.25.40.1", object("2.25.40", "2.25.40.1", NAME,
                "PAT-" + "7".repeat(HeadCheck.MAX_STORED_CHARACTERS), "ACC40"));

        assertThat(intake.readmitUnknown()).isZero();

        Path aside = routeSpool.root().resolve(Spool.SET_ASIDE).resolve("2.25.40");
        assertThat(aside.resolve("2.25.40.1.dcm")).exists();
        assertThat(Files.readString(aside.resolve("2.25.40.1.reason.txt"))).contains("(0010,0020)");
        assertThat(routeSpool.find("2.25.40", "2.25.40.1")).isEmpty();
        assertThat(intake.readmitUnknown()).isZero();
    }
}
