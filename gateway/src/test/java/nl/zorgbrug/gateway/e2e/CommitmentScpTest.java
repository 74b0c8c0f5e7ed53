package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * The gateway as Storage Commitment SCP (PS3.4 J.3) on its import AE: an instance is committed while its
 * original is in the spool (here: in quarantine) and after the destination acknowledged it (it has left
 * the spool); a SOP Class UID other than the one received is a class/instance conflict (0x0119); one we
 * never received is 0x0112. The sender waits on its association, so the report comes there.
 */
class CommitmentScpTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    StorageCommitment.Result ask(TestGateway gateway, List<StorageCommitment.Reference> refs) throws Exception {
        Connector c = new Connector(AssociationOptions.DEFAULT);
        try (Association as = c.connect("127.0.0.1", gateway.port(), c.request("UMCX", "ZB_IMPORT",
                List.of(StorageCommitment.context(1)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            assertThat(StorageCommitment.request(dimse, "2.25." + System.nanoTime(), refs)).isEqualTo(Status.SUCCESS);
            StorageCommitment.Result r = StorageCommitment.awaitReportOnThisAssociation(dimse);
            as.release();
            return r;
        }
    }

    @Test
    void committedWhatIsInTheSpoolOrDeliveredAndNothingElse() throws Exception {
        Path pacsDir = tmp.resolve("pacs");
        DicomServer pacs = new DicomServer(Map.of("OWNPACS", Set.of()), new FileStoreHandler(pacsDir));
        try (Acceptor pacsAcceptor = new Acceptor(pacs, pacs, AssociationOptions.DEFAULT, 5)
                .start(InetAddress.getLoopbackAddress(), 0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10))) {
            gateway.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER, "OWNPACS",
                    "127.0.0.1", pacsAcceptor.port(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            Path delivered = GatewayDcmtkTest.ct(in, "ok", TestGateway.BSN, Bsn.ISSUER_OID, "2.25.8201", 1, false);
            Path quarantined = GatewayDcmtkTest.ct(in, "q", TestGateway.BSN, "2.16.528.1.1007.99.2", "2.25.8202", 1, false);
            assertThat(StoreScu.send(new Connector(AssociationOptions.DEFAULT), "UMCX", "ZB_IMPORT", "127.0.0.1",
                    gateway.port(), List.of(delivered, quarantined), (o, d, t) -> { }))
                    .allSatisfy(o -> assertThat(o.ok()).isTrue());
            gateway.awaitJob(Direction.IMPORT, JobState.DONE);
            assertThat(gateway.quarantine.open()).hasSize(1);
            assertThat(gateway.spool.forRoute("import").find("2.25.8201", "2.25.8201.1")).as("delivered, so gone").isEmpty();

            StorageCommitment.Reference gone = new StorageCommitment.Reference(CT, "2.25.8201.1");
            StorageCommitment.Reference inQuarantine = new StorageCommitment.Reference(CT, "2.25.8202.1");
            StorageCommitment.Reference wrongClass = new StorageCommitment.Reference("1.2.840.10008.5.1.4.1.1.4",
                    "2.25.8201.1");
            StorageCommitment.Reference never = new StorageCommitment.Reference(CT, "2.25.8203.1");
            StorageCommitment.Result r = ask(gateway, List.of(gone, inQuarantine, wrongClass, never));
            assertThat(r.committed()).containsExactly(gone, inQuarantine);
            assertThat(r.failed()).containsExactly(
                    new StorageCommitment.Failure(wrongClass, StorageCommitment.CLASS_INSTANCE_CONFLICT),
                    new StorageCommitment.Failure(never, StorageCommitment.NO_SUCH_OBJECT_INSTANCE));
        }
    }
}
