package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.inbound.LogLines;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Issue 15: a C-STORE whose command names another SOP instance or class than its data set (PS3.7 9.1.1.1, PS3.4
 * B.2.3) was accepted and filed under the command's UID, so a different object of that UID was then taken for a
 * resend and dropped. Over a real association from our toolkit's SCU, which takes the command's UIDs from the
 * file's meta information: the node answers 0xA900 with the reason, logs it, keeps nothing, and the real object
 * of that UID is received afterwards as new.
 */
class CommandMismatchTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";

    @TempDir
    Path tmp;

    /** The object of {@code source} sent as if it were {@code sopClassUid}/{@code sopInstanceUid}. */
    private static Path announcedAs(Path source, String sopClassUid, String sopInstanceUid, Path target)
            throws Exception {
        DicomFile f = Part10Reader.read(source);
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(sopClassUid, sopInstanceUid,
                f.transferSyntax(), "TEST"), f.dataSet(), f.transferSyntax(), true), target);
        return target;
    }

    @Test
    void aDataSetOtherThanItsCommandIsRefusedWithTheReasonAndTheRealObjectStillArrives() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path real = GatewayDcmtkTest.ct(in, "real", "PAT-0051", TestGateway.LOCAL_ISSUER, "2.25.5051", 1, false);
        Path other = GatewayDcmtkTest.ct(in, "other", "PAT-0052", TestGateway.LOCAL_ISSUER, "2.25.5051", 2, false);
        // Another object, under the real one's SOP Instance UID; and the real one's data set announced as MR.
        Path wrongInstance = announcedAs(other, CT, "2.25.5051.1", tmp.resolve("wrong-instance.dcm"));
        Path wrongClass = announcedAs(real, MR, "2.25.5051.1", tmp.resolve("wrong-class.dcm"));

        InMemoryJobRepository jobs = new InMemoryJobRepository();
        Spool spool = new Spool(tmp.resolve("spool"));
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());
        GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(spool, List.of(route),
                new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC()), jobs, new InMemoryQuarantine(),
                Duration.ofMinutes(1), Clock.systemUTC(), GatewayEvents.none())));
        DicomServer server = new DicomServer(Map.of("ZB_EXPORT", Set.of()), handler);
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 5)
                .start(InetAddress.getLoopbackAddress(), 0);
             LogLines log = LogLines.of(GatewayStoreHandler.class)) {
            List<StoreScu.Outcome> refused = StoreScu.send(new Connector(AssociationOptions.DEFAULT), "MODALITY",
                    "ZB_EXPORT", "127.0.0.1", acceptor.port(), List.of(wrongInstance, wrongClass), (o, d, t) -> { });

            assertThat(refused).allSatisfy(o -> assertThat(o.status()).as(o.toString()).isNotNull()
                    .satisfies(s -> assertThat(s.code()).isEqualTo(0xA900)));
            assertThat(refused.get(0).status().errorComment()).contains("SOP Instance UID");
            assertThat(refused.get(1).status().errorComment()).contains("SOP Class UID");
            assertThat(spool.forRoute("export").find("2.25.5051", "2.25.5051.1")).isEmpty();
            assertThat(log.lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("MODALITY")
                    .contains("0xA900").doesNotContain("PAT-005").doesNotContain("Vries"));

            List<StoreScu.Outcome> sent = StoreScu.send(new Connector(AssociationOptions.DEFAULT), "MODALITY",
                    "ZB_EXPORT", "127.0.0.1", acceptor.port(), List.of(real), (o, d, t) -> { });
            assertThat(sent).singleElement().satisfies(o -> assertThat(o.ok()).as(o.toString()).isTrue());
        }
        Path kept = spool.forRoute("export").find("2.25.5051", "2.25.5051.1").orElseThrow();
        assertThat(Part10Reader.read(kept).dataSet().getString(Tag.PatientID)).isEqualTo("PAT-0051");
        assertThat(jobs.instancesBySopInstanceUid("2.25.5051.1")).hasSize(1);
    }
}
