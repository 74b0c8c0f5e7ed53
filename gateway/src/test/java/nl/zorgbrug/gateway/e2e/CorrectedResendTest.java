package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 15, "a corrected resend": a PACS sends an object again with the same SOP Instance UID and other content
 * (other pixels, another patient), the way it sends a corrected object. Real peers: dcmtk's storescu is the PACS,
 * storescp the other hospital, as a hospital leaves them.
 */
class CorrectedResendTest {
    private static final String STUDY = "2.25.1515";
    private static final String SOP = STUDY + ".1";

    @TempDir
    Path tmp;

    private final List<Process> peers = new ArrayList<>();
    private final List<GatewayEvent> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TestGateway gateway;
    private Path remoteDir;
    private Path in;

    @BeforeEach
    void start() throws Exception {
        Dcmtk.require();
        remoteDir = Files.createDirectories(tmp.resolve("remote"));
        in = Files.createDirectories(tmp.resolve("in"));
        int remotePort = Dcmtk.freePort();
        peers.add(Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log")));
        gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10));
        gateway.events.subscribe(told::add);
        gateway.book.save(new Institution("umcx", "UMC X", "01234567", null, "2.16.528.1.1007.99.2", "REMOTE",
                "127.0.0.1", remotePort, false, null, null, null));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        peers.forEach(Process::destroy);
    }

    /** One CT image of the study, its pixels all {@code pixel}, for the patient with this local Patient ID. */
    private Path ct(String name, String patientId, byte pixel) throws IOException {
        return ct(name, patientId, TestGateway.LOCAL_ISSUER, pixel);
    }

    private Path ct(String name, String patientId, String issuer, byte pixel) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, SOP);
        ds.setString(Tag.StudyDate, VR.DA, "20261206");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC1515");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Vries^Ëlla");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        if (issuer != null) {
            ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".0");
        byte[] pixels = new byte[64 * 64 * 2];
        Arrays.fill(pixels, pixel);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = in.resolve(name + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", SOP, ts, "PACS"),
                ds, ts, true), file);
        return file;
    }

    private void send(Path file) throws Exception {
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), List.of(file))).as("storescu " + file)
                .isZero();
    }

    /** The first pixel byte of every object the other hospital received, in the order it received them. */
    private List<Byte> receivedPixels(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        List<Path> files = List.of();
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> s = Files.list(remoteDir)) {
                files = s.filter(p -> p.toString().endsWith(".dcm")).sorted((a, b) -> {
                    try {
                        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
            }
            if (files.size() >= expected) {
                break;
            }
            Thread.sleep(100);
        }
        List<Byte> first = new ArrayList<>();
        for (Path f : files) {
            DataSet ds = Part10Reader.read(f).dataSet();
            assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(SOP);
            first.add(ds.getBytes(Tag.PixelData)[0]);
        }
        return first;
    }

    private Job awaitState(long jobId, JobState state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Job job = gateway.jobs.find(jobId).orElseThrow();
        while (System.currentTimeMillis() < deadline) {
            job = gateway.jobs.find(jobId).orElseThrow();
            // DONE once the corrected instance is acknowledged, not the DONE of the first delivery.
            if (job.state() == state && gateway.jobs.unacknowledged(jobId).isEmpty() == (state == JobState.DONE)) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not become " + state + ": " + job);
    }

    private Path spoolFolder() {
        return gateway.spool.forRoute("export-umcx").root().resolve(STUDY);
    }

    @Test
    void aCorrectedObjectSentAfterDeliveryIsDeliveredAgainAndNothingIsLeftBehind() throws Exception {
        send(ct("original", "PAT-0042", (byte) 1));
        Job first = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
        assertThat(receivedPixels(1)).containsExactly((byte) 1);

        send(ct("corrected", "PAT-0042", (byte) 2));
        Job again = awaitState(first.id(), JobState.DONE);
        assertThat(receivedPixels(2)).as("the other hospital got the corrected version after the original")
                .containsExactly((byte) 1, (byte) 2);
        assertThat(gateway.jobs.instances(again.id())).singleElement().satisfies(i -> {
            assertThat(i.acknowledged()).isTrue();
            assertThat(i.digest()).isNotNull();
        });
        assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("job " + first.id() + " system corrected")
                && e.contains("delivered again"));
        assertThat(told).filteredOn(GatewayEvent.InstanceCorrected.class::isInstance)
                .singleElement().satisfies(e -> {
                    GatewayEvent.InstanceCorrected c = (GatewayEvent.InstanceCorrected) e;
                    assertThat(c.wasDelivered()).isTrue();
                    assertThat(c.patientChanged()).isNull();
                });
        // Issue 15: what left is measured after the swap (the BSN is in (0010,0020) then), what came as it came.
        assertThat(again.bsnVerdict()).isEqualTo(Verdict.NO_BSN);
        assertThat(again.bsnVerdictSent()).isEqualTo(Verdict.CORRECT);
        awaitEmptySpool();

        // The same correction once more, byte for byte: a harmless duplicate. Nothing goes out, nothing stays.
        send(ct("corrected-again", "PAT-0042", (byte) 2));
        Thread.sleep(1500);
        assertThat(receivedPixels(2)).hasSize(2);
        assertThat(gateway.jobs.find(first.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
        awaitEmptySpool();
    }

    /**
     * The PACS left (0010,0021) empty, so the export route held the study (LOCAL_ISSUER_MISSING); the PACS then sends
     * the object corrected, with the issuer and other pixels. The held job now points at the correction, the original
     * stays in the spool beside it, and once a person releases the job, the correction is what leaves.
     */
    @Test
    void aCorrectionOfAHeldJobReplacesTheOriginalWhichStaysUntilTheCorrectionIsDelivered() throws Exception {
        send(ct("original", "PAT-0042", null, (byte) 1));
        Job held = gateway.awaitJob(Direction.EXPORT, JobState.HELD);
        assertThat(held.reason()).contains("LOCAL_ISSUER_MISSING");

        send(ct("corrected", "PAT-0042", (byte) 3));
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline
                && gateway.jobs.instances(held.id()).get(0).version() != 2) {
            Thread.sleep(50);
        }
        assertThat(gateway.jobs.instances(held.id())).singleElement()
                .satisfies(i -> assertThat(i.version()).isEqualTo(2));
        try (Stream<Path> s = Files.list(spoolFolder())) {
            assertThat(s.map(p -> p.getFileName().toString())).as("both versions kept")
                    .containsExactlyInAnyOrder(SOP + ".dcm", SOP + ".v2.dcm");
        }
        assertThat(gateway.jobs.find(held.id()).orElseThrow().state()).as("still held for a person")
                .isEqualTo(JobState.HELD);
        assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("job " + held.id() + " system corrected")
                && e.contains("not delivered") && e.contains("issuer of the Patient ID"));

        gateway.manager.release(held.id(), "olga");
        Job done = awaitState(held.id(), JobState.DONE);
        assertThat(receivedPixels(1)).as("only the corrected version left").containsExactly((byte) 3);
        assertThat(gateway.jobs.instances(done.id())).singleElement()
                .satisfies(i -> assertThat(i.acknowledged()).isTrue());
        assertThat(told).filteredOn(GatewayEvent.InstanceCorrected.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((GatewayEvent.InstanceCorrected) e).wasDelivered())
                        .isFalse());
        awaitEmptySpool();
    }

    @Test
    void aCorrectionThatNamesAnotherPatientHoldsTheStudyForAPerson() throws Exception {
        send(ct("original", "PAT-0042", (byte) 1));
        Job first = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
        assertThat(receivedPixels(1)).hasSize(1);

        send(ct("other-patient", "PAT-0099", (byte) 1));
        Job held = awaitState(first.id(), JobState.HELD);
        assertThat(held.reason()).contains("PATIENT_CHANGED_BY_CORRECTION").contains("Patient ID")
                .doesNotContain("PAT-0099");
        assertThat(gateway.alerts).extracting(Job::id).contains(first.id());
        Thread.sleep(1000);
        assertThat(receivedPixels(1)).as("nothing more left for the other hospital").hasSize(1);
        assertThat(gateway.jobs.instances(first.id())).singleElement().satisfies(i -> {
            assertThat(i.version()).as("the job points at the correction, which waits in the spool").isEqualTo(1);
            assertThat(i.acknowledged()).isFalse();
            assertThat(i.status()).isEqualTo(JobInstance.NOT_SENT);
        });
        assertThat(spoolFolder().resolve(SOP + ".dcm")).exists();
        assertThat(told).filteredOn(GatewayEvent.InstanceCorrected.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((GatewayEvent.InstanceCorrected) e).patientChanged())
                        .isEqualTo("PATIENT_ID"));
    }

    private void awaitEmptySpool() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && Files.exists(spoolFolder())) {
            Thread.sleep(50);
        }
        assertThat(spoolFolder()).as("every version left the spool once the newest was delivered").doesNotExist();
    }
}
