package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AcceptorPolicy;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * A receiver that does not take a kind of object (it rejects the presentation context, PS3.8 9.3.3.2) will
 * not take it on a retry either: the job fails at once with that reason for a person to read, instead of
 * going round again and again.
 */
class RefusedSopClassTest {
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";

    @TempDir
    Path tmp;

    @Test
    void aSopClassTheReceiverRejectsFailsTheJobOnceWithTheReason() throws Exception {
        DicomServer sink = new DicomServer(Map.of("NOCT", Set.of()), (request, data) -> {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            return Status.SUCCESS;
        });
        AcceptorPolicy noCt = new AcceptorPolicy() {
            @Override
            public Set<String> allowedCallers(String calledAeTitle) {
                return sink.allowedCallers(calledAeTitle);
            }

            @Override
            public List<String> transferSyntaxes(String abstractSyntax) {
                return abstractSyntax.equals("1.2.840.10008.5.1.4.1.1.2") ? List.of() : sink.transferSyntaxes(abstractSyntax);
            }
        };
        try (Acceptor receiver = new Acceptor(noCt, sink, AssociationOptions.DEFAULT, 5).start(InetAddress.getLoopbackAddress(), 0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, "2.16.528.1.1007.99.2", "NOCT",
                    "127.0.0.1", receiver.port(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            Path ct = GatewayDcmtkTest.ct(in, "ct", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7007", 1, false);
            // An MR image of the same study, which the receiver does take.
            DicomFile mr = Part10Reader.read(GatewayDcmtkTest.ct(in, "mr", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7007",
                    2, false));
            mr.dataSet().setString(Tag.SOPClassUID, VR.UI, MR);
            Path mrFile = in.resolve("mr-image.dcm");
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(MR, mr.sopInstanceUid(), mr.transferSyntax(), "T"),
                    mr.dataSet(), mr.transferSyntax(), true), mrFile);
            assertThat(StoreScu.send(new Connector(AssociationOptions.DEFAULT), "OWNPACS", "ZB_EXPORT", "127.0.0.1",
                    gateway.port(), List.of(mrFile, ct), (o, d, t) -> { })).allMatch(StoreScu.Outcome::ok);
            Job failed = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (failed == null && System.currentTimeMillis() < deadline) {
                failed = gateway.jobs.search(new JobQuery(null, null, JobState.FAILED, Direction.EXPORT, null, null, null, 0))
                        .stream().findFirst().orElse(null);
                Thread.sleep(50);
            }
            assertThat(failed).as("the export job fails").isNotNull();
            assertThat(failed.reason()).contains("accepted no presentation context").contains("CT");
            assertThat(failed.retryAt()).as("a permanent failure is not retried by itself").isNull();
            assertThat(gateway.jobs.instances(failed.id())).filteredOn(i -> i.sopClassUid().equals(MR))
                    .allMatch(i -> i.acknowledged());
            Thread.sleep(500);
            assertThat(gateway.jobs.find(failed.id()).orElseThrow().attempts()).isEqualTo(1);
        }
    }
}
