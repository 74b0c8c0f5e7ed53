package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;

/**
 * Objects that are complete in the spool but unknown to the database — as a power cut leaves them when the
 * database lost its last commits — are admitted again at start-up, as if they had just arrived: the export
 * object is delivered with the BSN swapped in, the import object without the BSN OID lands in quarantine.
 */
class SpoolReadmissionTest {
    @TempDir
    Path tmp;

    @Test
    void objectsTheDatabaseForgotAreAdmittedAgainAndGoWhereTheirRouteSends() throws Exception {
        Dcmtk.require();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        int remotePort = Dcmtk.freePort();
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", remotePort, false,
                    null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            Path local = GatewayDcmtkTest.ct(in, "local", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.9101", 1, false);
            Path foreign = GatewayDcmtkTest.ct(in, "foreign", TestGateway.BSN, "2.16.528.1.1007.99.2", "2.25.9102", 1,
                    false);
            try (InputStream s = Files.newInputStream(local)) {
                gateway.spool.forRoute("export-umcx").store("2.25.9101", "2.25.9101.1", s);
            }
            try (InputStream s = Files.newInputStream(foreign)) {
                gateway.spool.forRoute("import").store("2.25.9102", "2.25.9102.1", s);
            }

            // A node that starts again on the same spool: its intake (the emergency wake-up listens to the events).
            Intake restarted = new Intake(new Intake.Parts(gateway.spool, gateway.routes, gateway.manager, gateway.jobs,
                    gateway.quarantine, Duration.ofMillis(300), Clock.systemUTC(), gateway.events));
            assertThat(restarted.readmitUnknown()).isEqualTo(2);
            assertThat(restarted.readmitUnknown()).as("known objects are not admitted twice").isZero();

            gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            List<Path> delivered;
            try (Stream<Path> s = Files.list(remoteDir)) {
                delivered = s.filter(p -> p.toString().endsWith(".dcm")).toList();
            }
            assertThat(delivered).hasSize(1);
            DataSet out = Part10Reader.read(delivered.get(0)).dataSet();
            assertThat(out.getString(Tag.PatientID)).isEqualTo(TestGateway.BSN);
            assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);

            assertThat(gateway.quarantine.byStudy("2.25.9102")).extracting(QuarantineItem::sopInstanceUid)
                    .containsExactly("2.25.9102.1");
        } finally {
            remote.destroy();
        }
    }
}
