package nl.zorgbrug.bench;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.compliance.pacs.MoveDestination;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.compliance.pacs.PacsScan;
import nl.zorgbrug.compliance.pacs.Retrieval;
import nl.zorgbrug.compliance.pacs.RetrieveWith;
import nl.zorgbrug.compliance.pacs.ScanWindow;
import nl.zorgbrug.compliance.scan.HeaderClassifier;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.MpiBsn;
import nl.zorgbrug.compliance.tally.StudyPeriod;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;

/**
 * Issue 18's PACS-scan benchmark against an Orthanc that {@code bench/run-pacs-scan.sh} starts: {@code generate}
 * writes N studies of one small CT instance each (study dates spread over the 120 months 2016-2025, the BSN in the
 * right place for four in five), which the script sends to Orthanc with dcmtk's storescu; {@code scan} runs the PACS scan as {@code bin/zorgbrug compliance scan
 * --pacs} does (PacsScan with the command's defaults: one association, --retrieve WHEN_KEYS_MISSING, month by month)
 * and prints studies/s. Orthanc 1.10 leaves the identity keys out of its C-FIND answers, so every study costs a
 * C-FIND at SERIES and IMAGE level and one C-GET or C-MOVE besides its share of the month's STUDY-level C-FIND.
 * Usage: PacsScanBenchmark generate DIR N | scan DICOM_PORT FROM TO RATE(0=none) GET|MOVE ASSOCIATIONS MOVE_PORT
 */
public final class PacsScanBenchmark {
    static final String OUR_AET = "ZBBENCH";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("generate")) {
            generate(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            scan(Integer.parseInt(args[1]), LocalDate.parse(args[2]), LocalDate.parse(args[3]),
                    Double.parseDouble(args[4]), RetrieveWith.valueOf(args[5]), Integer.parseInt(args[6]),
                    Integer.parseInt(args[7]));
        }
    }

    /** N PS3.10 files, one per study, for storescu to send to Orthanc in one association. */
    static void generate(Path dir, int studies) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < studies; i++) {
            Files.write(dir.resolve(String.format("s%06d.dcm", i)), instance(i));
        }
    }

    /** Study i: a CT of 64x64 pixels in month i % 120 from January 2016; every fifth under a local number only. */
    static byte[] instance(int i) throws Exception {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        String uid = "2.25.1818" + i;
        LocalDate date = LocalDate.of(2016, 1, 1).plusMonths(i % 120).plusDays(i / 120 % 28);
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, date.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
        ds.setString(Tag.Modality, VR.CS, i % 3 == 0 ? "MR" : "CT");
        ds.setString(Tag.PatientName, VR.PN, "Bench^Patient" + i);
        if (i % 5 == 4) {
            ds.setString(Tag.PatientID, VR.LO, "LOC" + i);
            ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
        } else {
            ds.setString(Tag.PatientID, VR.LO, bsn(100_000 + i));
            ds.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.StudyInstanceUID, VR.UI, uid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, uid + ".1");
        ds.setInt(Tag.Rows, VR.US, 64);
        ds.setInt(Tag.Columns, VR.US, 64);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[64 * 64 * 2]);
        DataSet meta = FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", uid + ".1.1", ts, "BENCH");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, meta, ds, ts, true), out);
        return out.toByteArray();
    }

    /** The n-th nine-digit number from 100000000 on that passes the 11-proof (a fictitious BSN). */
    static String bsn(int n) {
        for (long v = 100_000_000L + n * 11L; ; v++) {
            String s = Long.toString(v);
            int sum = 0;
            for (int k = 0; k < 8; k++) {
                sum += (9 - k) * (s.charAt(k) - '0');
            }
            sum -= s.charAt(8) - '0';
            if (sum % 11 == 0) {
                return s;
            }
        }
    }

    static void scan(int dicomPort, LocalDate from, LocalDate to, double rate, RetrieveWith with, int associations,
                     int movePort) throws Exception {
        Path journal = Files.createTempFile("pacs-bench", ".journal");
        Files.delete(journal);
        HeaderClassifier classifier = new HeaderClassifier(new BsnClassifier(new ExemptionRules(
                Set.of("2.16.528.1.1007.99.1"), Set.of(), List.of())), null);
        PacsScan.Settings settings = new PacsScan.Settings(new RemoteAe("ORTHANC", "127.0.0.1", dicomPort, OUR_AET),
                new StudyPeriod(from, to), associations, new Throttle(rate), ScanWindow.ALWAYS, 5, Duration.ofSeconds(5),
                Retrieval.WHEN_KEYS_MISSING, with, new MoveDestination(OUR_AET, InetAddress.getLoopbackAddress(),
                movePort), journal);
        long start = System.nanoTime();
        PacsScan.Result r = new PacsScan(settings, new Connector(AssociationOptions.DEFAULT), classifier, p -> { },
                Clock.systemDefaultZone()).run(new ComplianceTally());
        double seconds = (System.nanoTime() - start) / 1e9;
        var s = r.tally().summary(MpiBsn.none());
        System.out.printf(Locale.ROOT, "RESULT studies=%d retrieved=%d by=%s rate=%s associations=%d seconds=%.1f"
                        + " studies/s=%.1f correct=%d%n", r.studies(), r.retrievedHeaders(), r.retrievedWith(),
                rate == 0 ? "none" : String.valueOf(rate), associations, seconds, r.studies() / seconds,
                s.overall().correct());
    }
}
