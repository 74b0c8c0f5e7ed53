package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.addressbook.PluggedEndpoint;
import nl.zorgbrug.gateway.delivery.Outcome;
import nl.zorgbrug.gateway.delivery.Shipment;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobState;

/**
 * A new channel plugs in with one class (issue 14): {@link FolderTransport}, a toy transport that writes each
 * instance, after the route's edits, into a folder, registered beside C-STORE and STOW-RS and chosen by its
 * endpoint type on the address-book entry. A study goes spool → job → delivery → folder, and the export
 * route's BSN swap is in the written files.
 */
class FolderTransportTest {

    /** The toy channel: its endpoint (through the extension point for channels outside the gateway) and transport. */
    static final class FolderTransport implements Transport<FolderTransport.Folder> {

        /** Deliveries go into this folder. */
        record Folder(Path path) implements PluggedEndpoint {
        }

        @Override
        public nl.zorgbrug.gateway.job.Channel channel() {
            return nl.zorgbrug.gateway.job.Channel.SFTP;
        }

        @Override
        public Class<Folder> endpointType() {
            return Folder.class;
        }

        @Override
        public Outcome send(Shipment shipment, Folder to) throws IOException {
            while (shipment.next() instanceof Shipment.Batch.Ready ready && !ready.instances().isEmpty()) {
                for (Shipment.Prepared p : ready.instances()) {
                    StreamingEditor.edit(p.file().path(), to.path().resolve(p.instance().sopInstanceUid() + ".dcm"),
                            head -> p.edits(), false);
                    shipment.answered(p.instance(), 0x0000, true);
                }
            }
            return new Outcome.Sent();
        }
    }

    @TempDir
    Path tmp;

    @Test
    void aStudyIsDeliveredIntoTheFolderWithTheBsnSwapped() throws Exception {
        Dcmtk.require();
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                new FolderTransport())) {
            gateway.book.save(new Institution("umcx", "UMC X (folder)", null, null, null,
                    List.of(new FolderTransport.Folder(folder)), null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.8801", n, false));
            }
            assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();

            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).hasSize(3).allMatch(JobInstance::acknowledged);
            List<Path> written;
            try (Stream<Path> s = Files.list(folder)) {
                written = s.sorted().toList();
            }
            assertThat(written).hasSize(3);
            for (Path f : written) {
                DataSet ds = Part10Reader.read(f).dataSet();
                assertThat(ds.getString(Tag.PatientID)).isEqualTo(TestGateway.BSN);
                assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
            }
            // Delivered: the originals leave the spool. The delivery removes them just after it recorded DONE
            // (SpoolCleanup, after the job's unit of work), so the test waits a moment for that step.
            for (JobInstance i : gateway.jobs.instances(done.id())) {
                Path original = gateway.spool.forRoute("export-umcx").pathOf("2.25.8801", i.sopInstanceUid());
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (Files.exists(original) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(original).doesNotExist();
            }
        }
    }
}
