package nl.zorgbrug.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
        assertThat(heard.get(0)).isInstanceOfSatisfying(GatewayEvent.ObjectReceived.class, r -> {
            assertThat(r.decision()).isEqualTo(GatewayEvent.Decision.FORWARD);
            assertThat(r.verdict()).isEqualTo(Verdict.NO_BSN);
            assertThat(r.bytes()).isEqualTo(joined.spooled().size());
        });
        assertThat(heard.get(1)).isInstanceOfSatisfying(GatewayEvent.JobStateChanged.class, c -> {
            assertThat(c.from()).isNull();
            assertThat(c.to()).isEqualTo(JobState.WAITING);
        });
        assertThat(heard.get(2)).isInstanceOfSatisfying(GatewayEvent.JoinedJob.class, j -> {
            assertThat(j.jobId()).isEqualTo(joined.jobId());
            assertThat(j.spoolPath()).isEqualTo(joined.spooled().path().toString());
        });
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
}
