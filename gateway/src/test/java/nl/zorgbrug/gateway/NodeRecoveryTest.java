package nl.zorgbrug.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.InMemoryEventOutbox;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/** What a node finds after a crash, put right in one run: spool, jobs, forgotten objects, durable subscribers. */
class NodeRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void oneRunPutsRightWhatACrashLeft() throws Exception {
        Transactions transactions = Transactions.none();
        InMemoryEventOutbox outbox = new InMemoryEventOutbox();
        InMemoryJobRepository jobs = new InMemoryJobRepository();
        Spool spool = new Spool(tmp.resolve("spool"));
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());

        // Before the crash: a job being delivered, an object spooled whose job commit was lost, a half-written one,
        // and an audit trail that had not yet handled the last events.
        EventHub before = new EventHub(transactions, outbox);
        before.subscribeDurably("audit", e -> {
            throw new IllegalStateException("the node stops");
        });
        JobManager crashed = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged(), before);
        Job sending = crashed.start(crashed.accept("2.25.41", "umcx", Direction.EXPORT, null,
                new JobInstance(0, "2.25.41.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false)));
        DataSet forgotten = new DataSet();
        forgotten.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        forgotten.setString(Tag.SOPInstanceUID, VR.UI, "2.25.42.1");
        forgotten.setString(Tag.StudyInstanceUID, VR.UI, "2.25.42");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", "2.25.42.1",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "PACS"), file);
        new DicomWriter(file).writeDataSet(forgotten, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        spool.forRoute("export").store("2.25.42", "2.25.42.1", new ByteArrayInputStream(file.toByteArray()));
        Path half = spool.forRoute("export").pathOf("2.25.43", "2.25.43.1").resolveSibling("2.25.43.1.dcm.x.part");
        Files.createDirectories(half.getParent());
        Files.write(half, new byte[] {1, 2, 3});

        // The node starts again.
        EventHub events = new EventHub(transactions, outbox);
        List<GatewayEvent> audit = new ArrayList<>();
        events.subscribeDurably("audit", audit::add);
        JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged(), events);
        Intake intake = new Intake(new Intake.Parts(spool, List.of(route), manager, jobs, new InMemoryQuarantine(),
                Duration.ofMinutes(1), Clock.systemUTC(), events));

        NodeRecovery.Report report = new NodeRecovery(spool, manager, intake, events).run();

        assertThat(report).isEqualTo(new NodeRecovery.Report(1, 1, 1));
        assertThat(Files.exists(half)).isFalse();
        assertThat(manager.get(sending.id()).state()).isEqualTo(JobState.WAITING);
        assertThat(jobs.instancesBySopInstanceUid("2.25.42.1")).hasSize(1);
        // The audit trail got everything: what happened before the crash, and what recovery did.
        assertThat(audit).filteredOn(GatewayEvent.JobStateChanged.class::isInstance)
                .extracting(e -> ((GatewayEvent.JobStateChanged) e).to())
                .containsSubsequence(JobState.WAITING, JobState.IN_PROGRESS, JobState.WAITING);
        assertThat(audit).anyMatch(e -> e instanceof GatewayEvent.JoinedJob j && j.sopInstanceUid().equals("2.25.42.1"));
        assertThat(new NodeRecovery(spool, manager, intake, events).run())
                .as("a second start finds nothing").isEqualTo(new NodeRecovery.Report(0, 0, 0));
    }
}
