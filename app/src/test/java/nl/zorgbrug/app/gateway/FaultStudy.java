package nl.zorgbrug.app.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;

/**
 * One study of the fault tests (issue 22): small CT images (64×64) of the test patient with a study UID of its own,
 * the sender that records which C-STOREs were answered with Success, and the count of what arrived at the
 * destination for this study only (the tests send several studies to one Orthanc).
 */
final class FaultStudy {
    final String studyUid;
    /** The study's accession number, to find its jobs ({@code GET /api/jobs?accessionNumber=}). */
    final String accession;
    final List<Path> files = new ArrayList<>();
    final Map<Path, String> sopOf = new HashMap<>();
    /** SOP Instance UIDs whose C-STORE got Success, in any attempt. */
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** C-STOREs answered with a failure status (e.g. 0xA700 "database cannot record now"), in all attempts. */
    int refused;
    /** C-STOREs that got no answer (the association broke), in all attempts. */
    int unanswered;
    /** Associations opened to send what was not yet acknowledged, after the first. */
    int resends;

    FaultStudy(Path dir, String studyUid, int images) throws IOException {
        this.studyUid = studyUid;
        this.accession = "FS" + Integer.toUnsignedString(studyUid.hashCode() & 0x7fffffff);
        Files.createDirectories(dir);
        for (int i = 1; i <= images; i++) {
            String sop = studyUid + "." + i;
            Path f = dir.resolve("img" + i + ".dcm");
            DataSet ds = new DataSet();
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.AccessionNumber, VR.SH, accession);
            ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
            ds.setString(Tag.PatientID, VR.LO, "PAT-5");
            ds.setString(Tag.IssuerOfPatientID, VR.LO, CrashRecoveryTest.LOCAL_ISSUER);
            ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
            ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".0");
            ds.setString(Tag.InstanceNumber, VR.IS, String.valueOf(i));
            ds.setBytes(Tag.PixelData, VR.OW, new byte[64 * 64 * 2]);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", sop, ts,
                    "T"), ds, ts, true), f);
            files.add(f);
            sopOf.put(f, sop);
        }
    }

    /**
     * Sends every file not yet acknowledged on one association to {@code port}, as a modality does; {@code
     * afterEach} is told the number acknowledged so far after each answer (a test kills a node there). Returns
     * whether the association ran to its end (false: it broke or could not be opened).
     */
    boolean sendOnce(int port, IntConsumer afterEach) {
        List<Path> rest = files.stream().filter(f -> !acknowledged.contains(sopOf.get(f))).toList();
        if (rest.isEmpty()) {
            return true;
        }
        try {
            StoreScu.send(new Connector(AssociationOptions.DEFAULT), "OWNPACS", "ZB_EXPORT", "127.0.0.1", port, rest,
                    (o, done, total) -> {
                        if (o.status() != null && o.status().isSuccess()) {
                            acknowledged.add(o.sopInstanceUid());
                        } else if (o.status() != null) {
                            refused++;
                        } else {
                            unanswered++;
                        }
                        afterEach.accept(acknowledged.size());
                    });
            return true;
        } catch (IOException broken) {
            return false;
        }
    }

    /**
     * Sends what is not acknowledged again and again (a modality's retry, every {@code pauseMillis}) until every
     * object is, or {@code withinMillis} has passed; returns whether every object was acknowledged.
     */
    boolean sendUntilAcknowledged(int port, long withinMillis, long pauseMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + withinMillis;
        while (acknowledged.size() < files.size()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            resends++;
            sendOnce(port, n -> { });
            if (acknowledged.size() < files.size()) {
                Thread.sleep(pauseMillis);
            }
        }
        return true;
    }

    /**
     * Whether this study's jobs on {@code node} are all done: at least one, and none WAITING, IN_PROGRESS or FAILED.
     * Returns the jobs' JSON, or null while not all are done.
     */
    String jobsDone(NodeProcess node) throws Exception {
        String jobs = node.call("GET", "/api/jobs?accessionNumber=" + accession, null, null);
        return jobs.contains("\"DONE\"") && !jobs.matches("(?s).*\"state\":\"(WAITING|IN_PROGRESS|FAILED)\".*")
                ? jobs : null;
    }

    /** Of {@code receptions} (SOP Instance UID → times received), this study's. */
    Map<String, Integer> ofThisStudy(Map<String, Integer> receptions) {
        Map<String, Integer> mine = new HashMap<>();
        receptions.forEach((uid, n) -> {
            if (uid.startsWith(studyUid + ".")) {
                mine.put(uid, n);
            }
        });
        return mine;
    }
}
