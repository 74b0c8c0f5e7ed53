package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 15: an unknown Specific Character Set term, or Latin-1 bytes under a term that says otherwise, made the node
 * refuse the object with 0x0110 while spooling, before the charset rule could decide. Between real dcmtk peers:
 * the node never refuses over the character set; it forwards the object byte for byte when nothing in it is to
 * change (an object already in the exchange form), and holds it with CHARSET_MISMATCH when a patient attribute
 * must be changed (the export's BSN into the Patient ID) or cannot be read right to be checked.
 */
class CharsetPassThroughTest {
    @TempDir
    Path tmp;

    private TestGateway gateway;
    private Process remote;
    private Path remoteDir;

    @BeforeEach
    void start() throws Exception {
        Dcmtk.require();
        remoteDir = Files.createDirectories(tmp.resolve("remote"));
        int remotePort = Dcmtk.freePort();
        // +B: storescp writes the data set exactly as received, so the bytes can be compared.
        ProcessBuilder pb = new ProcessBuilder("storescp", "-v", "+B", "-aet", "REMOTE", "-od", remoteDir.toString(),
                "+uf", "-fe", ".dcm", Integer.toString(remotePort));
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("remote.log").toFile());
        remote = pb.start();
        gateway = new TestGateway(tmp.resolve("gw"));
        gateway.book.save(new Institution("umcx", "UMC X", "01234567", null, "2.16.528.1.1007.99.2", "REMOTE",
                "127.0.0.1", remotePort, false, null, null, null));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (remote != null) {
            remote.destroy();
        }
    }

    /** The data set of a PS3.10 file: everything after the File Meta Information group (PS3.10 7.1). */
    private static byte[] dataSetBytes(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        // Preamble, "DICM", then (0002,0000) UL with its 4-byte value: the length of the rest of the group.
        int groupLength = ByteBuffer.wrap(all, 132 + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return Arrays.copyOfRange(all, 132 + 12 + groupLength, all.length);
    }

    private List<Path> received(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> s = Files.list(remoteDir)) {
                List<Path> files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
                if (files.size() >= expected) {
                    Thread.sleep(200);
                    return files;
                }
            }
            Thread.sleep(100);
        }
        try (Stream<Path> s = Files.list(remoteDir)) {
            return s.toList();
        }
    }

    /** This data set as a new object (study and instance) with these Specific Character Set bytes and name bytes. */
    private Path variant(DataSet source, String study, String charsetTerm, byte[] name, Path target) throws Exception {
        DataSet ds = source.copy();
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1");
        ds.setBytes(Tag.SpecificCharacterSet, VR.CS, charsetTerm.getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.PatientName, VR.PN, name);
        var ts = nl.zorgbrug.dicom.encoding.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID), study + ".1",
                ts, "TEST"), ds, ts, true), target);
        return target;
    }

    private Job job(String study, JobState state) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : gateway.jobs.search(nl.zorgbrug.gateway.job.JobQuery.lastTwoWeeks(
                    java.time.Instant.now().plusSeconds(1)))) {
                if (j.studyInstanceUid().equals(study) && j.state() == state) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("study " + study + " did not become " + state + ": " + gateway.jobs.search(
                nl.zorgbrug.gateway.job.JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1))));
    }

    @Test
    void neverRefusedOverTheCharacterSetPassedAsIsWhenNothingChangesHeldWhenThePatientMust() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        // First an ordinary export, to have an object in the exchange form (the BSN in it, the local ID in (0010,1002)).
        Path local = GatewayDcmtkTest.ct(in, "local", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7701", 1, false);
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), List.of(local))).isZero();
        job("2.25.7701", JobState.DONE);
        DataSet exchanged = Part10Reader.read(received(1).get(0)).dataSet();
        assertThat(exchanged.getString(Tag.PatientID)).isEqualTo(TestGateway.BSN);

        byte[] latin1 = "Vries^\u00cblla".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "Vries^\u00cblla".getBytes(StandardCharsets.UTF_8);
        Path spaced = variant(exchanged, "2.25.7702", "ISO IR 192", utf8, in.resolve("spaced.dcm"));
        Path unknown = variant(exchanged, "2.25.7703", "ISO_IR 999", latin1, in.resolve("unknown.dcm"));
        Path mislabelled = variant(exchanged, "2.25.7704", "ISO_IR 192", latin1, in.resolve("mislabelled.dcm"));
        // And one whose Patient ID the export must change, under a term no one knows.
        DataSet original = Part10Reader.read(local).dataSet();
        Path mustChange = variant(original, "2.25.7705", "ISO_IR 999", latin1, in.resolve("must-change.dcm"));

        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), List.of(spaced, unknown, mislabelled,
                mustChange))).as("storescu exit: every object accepted").isZero();

        for (String study : List.of("2.25.7702", "2.25.7703")) {
            job(study, JobState.DONE);
        }
        Job held = job("2.25.7705", JobState.HELD);
        assertThat(held.reason()).contains("CHARSET_MISMATCH").contains("ISO_IR 999");
        // Latin-1 bytes declared UTF-8: the name cannot be read right, so the export cannot check it against the MPI
        // before the BSN leaves; held, with the character set as the reason (not the name that "differs").
        Job misread = job("2.25.7704", JobState.HELD);
        assertThat(misread.reason()).contains("CHARSET_MISMATCH").contains("(0010,0010)");

        List<Path> got = received(3);
        assertThat(got).hasSize(3);
        for (Path sent : List.of(spaced, unknown)) {
            String sop = Part10Reader.read(sent).dataSet().getString(Tag.SOPInstanceUID);
            Path arrived = got.stream().filter(p -> {
                try {
                    return sop.equals(Part10Reader.read(p).dataSet().getString(Tag.SOPInstanceUID));
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new AssertionError(sop + " did not arrive"));
            assertThat(dataSetBytes(arrived)).as(sent.getFileName() + " byte for byte").isEqualTo(dataSetBytes(sent));
        }
    }
}
