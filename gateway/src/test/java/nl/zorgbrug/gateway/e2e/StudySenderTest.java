package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.send.StudyNotSentException;
import nl.zorgbrug.gateway.send.StudySender;

/**
 * A person sends a study from our PACS (Orthanc here) to another institution (storescp): the gateway
 * C-MOVEs it to its export AE, swaps the BSN in, forwards it, and the job carries the remark and
 * referral reason.
 */
class StudySenderTest {
    @TempDir
    Path tmp;

    @Test
    void sendsAStudyFromThePacsWithRemarkAndReferral() throws Exception {
        Dcmtk.require();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        int remotePort = Dcmtk.freePort();
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        // The hospital's own PACS, as installed, knows the node: its AE (the C-FIND/C-MOVE caller) and the route AE
        // it moves to.
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer pacs = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                     Map.of("zb", new OrthancPeer.Modality("ZB_EXPORT", gateway.port()),
                             "zorgbrug", new OrthancPeer.Modality("ZORGBRUG", gateway.port())),
                     OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", remotePort, false,
                    null, null, null));
            gateway.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER,
                    OrthancPeer.AET, "127.0.0.1", pacs.dicomPort(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            for (int i = 1; i <= 2; i++) {
                Path f = GatewayDcmtkTest.ct(in, "s" + i, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7007", i, false);
                assertThat(pacs.postBytes("/instances", Files.readAllBytes(f)).statusCode()).isEqualTo(200);
            }
            StudySender sender = new StudySender(gateway.book, gateway.routes, gateway.manager,
                    new Connector(AssociationOptions.DEFAULT), "ZORGBRUG", "ownpacs", java.time.Clock.systemUTC());
            StudySender.Sent sent = sender.send("2.25.7007", "umcx", "Graag beoordelen vóór het MDO",
                    "Verwijzing neurochirurgie", "operator1");
            assertThat(sent.completed()).isEqualTo(2);
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.id()).isEqualTo(sent.job().id());
            assertThat(done.remark()).isEqualTo("Graag beoordelen vóór het MDO");
            assertThat(done.referralReason()).isEqualTo("Verwijzing neurochirurgie");
            assertThat(gateway.jobs.instances(done.id())).hasSize(2).allMatch(i -> i.acknowledged());
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("operator1 send"));
            try (Stream<Path> s = Files.list(remoteDir)) {
                List<Path> files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
                assertThat(files).hasSize(2);
                DataSet ds = Part10Reader.read(files.get(0)).dataSet();
                assertThat(ds.getString(Tag.PatientID)).isEqualTo(TestGateway.BSN);
            }

            // Sent again (the receiver lost it; a second download link): the whole study goes again, not nothing.
            Path remoteLog = tmp.resolve("remote.log");
            long associationsBefore = associations(remoteLog);
            StudySender.Sent again = sender.send("2.25.7007", "umcx", null, "second opinion", "operator2");
            assertThat(again.job().id()).isEqualTo(done.id());
            assertThat(again.completed()).isEqualTo(2);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && (associations(remoteLog) == associationsBefore
                    || gateway.jobs.find(done.id()).orElseThrow().state() != JobState.DONE)) {
                Thread.sleep(100);
            }
            assertThat(associations(remoteLog)).as("the receiver was sent the study again").isGreaterThan(associationsBefore);
            assertThat(gateway.jobs.find(done.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).hasSize(2).allMatch(i -> i.acknowledged());
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("2 instance(s) delivered before go again"));
        } finally {
            remote.destroy();
        }
    }

    /** Associations storescp -v logged ("Association Received"). */
    private static long associations(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("Association Received")).count();
    }

    /**
     * Issue 15: the own PACS (Orthanc as installed, knowing the node) does not have the study. The person hears so
     * at once, in plain words, and no job is left behind that would later show DONE with 0 instances.
     */
    @Test
    void aStudyThePacsDoesNotHaveIsRefusedWithTheReasonAndLeavesNoJob() throws Exception {
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer pacs = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                     Map.of("zb", new OrthancPeer.Modality("ZB_EXPORT", gateway.port()),
                             "zorgbrug", new OrthancPeer.Modality("ZORGBRUG", gateway.port())),
                     OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", 1, false,
                    null, null, null));
            gateway.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER,
                    OrthancPeer.AET, "127.0.0.1", pacs.dicomPort(), false, null, null, null));
            StudySender sender = new StudySender(gateway.book, gateway.routes, gateway.manager,
                    new Connector(AssociationOptions.DEFAULT), "ZORGBRUG", "ownpacs", java.time.Clock.systemUTC());
            assertThatThrownBy(() -> sender.send("2.25.404404", "umcx", null, null, "operator1"))
                    .isInstanceOfSatisfying(StudyNotSentException.class, e -> {
                        assertThat(e.job()).as("no job is left").isEmpty();
                        assertThat(e.getMessage()).contains("2.25.404404").contains(OrthancPeer.AET)
                                .contains("does not have");
                    });
            assertThat(gateway.jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1)))).isEmpty();
        }
    }
}
