package nl.zorgbrug.gateway.inbound.stowrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/** STOW-RS as protocol, without HTTP: each part through the intake, the PS3.18 10.5.3 response and its status. */
class StowRsTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=zb";

    @TempDir
    Path tmp;

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();

    private StowRs stowRs() throws IOException {
        Route route = new Route("import", "ZB_IMPORT", Direction.IMPORT, "ownpacs", false, List.of());
        return new StowRs(new Intake(new Intake.Parts(new Spool(tmp.resolve("spool")), List.of(route),
                new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC()), jobs, new InMemoryQuarantine(),
                Duration.ofMinutes(1), Clock.systemUTC(), GatewayEvents.none())));
    }

    private static byte[] part10(String study, String sop) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create(CT, sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "MODALITY"), out);
        new DicomWriter(out).writeDataSet(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    private static ByteArrayInputStream body(byte[]... parts) {
        return new ByteArrayInputStream(MultipartRelatedTest.body("zb", List.of(parts)));
    }

    @Test
    void everyPartIsStoredAndReferenced() throws IOException {
        StowRs.Response r = stowRs().store("import", TYPE, body(part10("2.25.61", "2.25.61.1"),
                part10("2.25.61", "2.25.61.2")), "olga");
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.body()).contains("00081199").contains("2.25.61.1").contains("2.25.61.2").doesNotContain("00081198");
        assertThat(jobs.instancesBySopInstanceUid("2.25.61.2")).hasSize(1);
    }

    @Test
    void aPartThatCannotBeStoredIsAFailedSopWithItsReason() throws IOException {
        byte[] garbage = "not DICOM at all".getBytes(StandardCharsets.US_ASCII);
        StowRs.Response some = stowRs().store("import", TYPE, body(part10("2.25.62", "2.25.62.1"),
                part10("no-study-uid", "2.25.62.2")), "olga");
        assertThat(some.httpStatus()).isEqualTo(202);
        // Failure Reason 0xC000 (49152): cannot understand.
        assertThat(some.body()).contains("00081198").contains("49152").contains("2.25.62.2");

        assertThat(stowRs().store("import", TYPE, body(garbage), "olga").httpStatus()).isEqualTo(409);
    }

    @Test
    void anUnknownRouteOrAnotherMediaTypeIsRefusedWhole() throws IOException {
        assertThat(stowRs().store("nowhere", TYPE, body(), "olga").httpStatus()).isEqualTo(404);
        assertThat(stowRs().store("import", "application/dicom", body(), "olga").httpStatus()).isEqualTo(415);
    }
}
