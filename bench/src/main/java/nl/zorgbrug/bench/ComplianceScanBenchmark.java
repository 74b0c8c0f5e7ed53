package nl.zorgbrug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.compliance.scan.FileReader;
import nl.zorgbrug.compliance.scan.FileSource;
import nl.zorgbrug.compliance.scan.FolderScan;
import nl.zorgbrug.compliance.scan.HeaderClassifier;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.MpiBsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * Issue 18's benchmark, one run, same machine, same files from the page cache: the folder history scan (FolderScan,
 * what {@code bin/zorgbrug compliance scan DIR} runs: walk, header to (0020,000D), classify, journal, tally) on 2
 * threads, against dcmtk's {@code dcmdump} run once over the whole tree in one process ({@code +sd +r}, stopping
 * before Pixel Data) and pydicom {@code dcmread(stop_before_pixels=True)} in one process.
 * Usage: ComplianceScanBenchmark WORKDIR [files=100000]. Generate first with: ComplianceScanBenchmark WORKDIR N generate.
 */
public final class ComplianceScanBenchmark {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-compliance");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path tree = work.resolve("tree-" + files);
        if (args.length > 2 && args[2].equals("generate")) {
            generate(tree, files);
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(tree)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        if (all.size() != files) {
            throw new IllegalStateException(tree + " holds " + all.size() + " files, not " + files + ": generate first");
        }
        Files.write(work.resolve("files.txt"), all.stream().map(Path::toString).toList());
        DataToolkitBenchmark.warmPageCache(all);

        double[] ours = new double[2];
        ScanSummary summary = null;
        for (int round = 0; round < 2; round++) {
            Path journal = work.resolve("scan.journal");
            Files.deleteIfExists(journal);
            HeaderClassifier classifier = new HeaderClassifier(new BsnClassifier(new ExemptionRules(
                    Set.of("2.16.528.1.1007.99.1"), Set.of(), List.of())), null);
            long start = System.nanoTime();
            FolderScan.Result r = new FolderScan(FileSource.of(tree), new FileReader(classifier),
                    new FolderScan.Settings(2, 256, Throttle.none(), journal), p -> { }).run();
            summary = r.tally().summary(MpiBsn.none());
            ours[round] = files / ((System.nanoTime() - start) / 1e9);
            if (summary.objects() != files) {
                throw new IllegalStateException("counted " + summary.objects() + " of " + files + ": " + summary.unreadable());
            }
        }
        double dcmdump = dcmdumpOnce(tree, files);
        double pydicom = DataToolkitBenchmark.pydicomLoop(all, work);

        System.out.printf(Locale.ROOT, "%n| history scan of %d files in %d folders (page cache), 2 cores | files/s | ratio to"
                + " one-process dcmdump |%n", files, files / 100);
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| Zorgbrug `compliance scan` (FolderScan, 2 threads), first run in a fresh JVM |"
                + " %.0f | %.1f× |%n", ours[0], ours[0] / dcmdump);
        System.out.printf(Locale.ROOT, "| Zorgbrug `compliance scan`, second run (JIT warm) | %.0f | %.1f× |%n", ours[1],
                ours[1] / dcmdump);
        System.out.printf(Locale.ROOT, "| dcmtk `dcmdump -q +sb 7fe0,0010 +sd +r TREE`, one process | %.0f | 1.0× |%n",
                dcmdump);
        System.out.printf(Locale.ROOT, "| pydicom %s `dcmread(stop_before_pixels=True)`, one process | %.0f | %.1f× |%n",
                DataToolkitBenchmark.pydicomVersion(), pydicom, pydicom / dcmdump);
        System.out.println();
        System.out.println("verdicts (objects): " + summary.objectsByVerdict());
    }

    /** dcmdump once over the whole tree, printing what it parsed to /dev/null: stop before Pixel Data. */
    static double dcmdumpOnce(Path tree, int files) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("dcmdump", "-q", "+sb", "7fe0,0010", "+sd", "+r",
                tree.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(false);
        long start = System.nanoTime();
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("dcmdump exited " + p.exitValue() + ": " + err);
        }
        return files / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * CT-like objects of about 2 KB of header and 128×128×16-bit pixels, 100 per study folder, identities of several
     * verdicts (BSN in place, in the sequence only, local number only) so the classifier takes its different paths.
     */
    static void generate(Path tree, int count) throws IOException {
        byte[] pixels = new byte[128 * 128 * 2];
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        List<String> bsns = List.of("999911120", "999990019", "999990020", "900000028");
        for (int i = 0; i < count; i++) {
            int study = i / 100;
            Path p = tree.resolve(String.format("%02d", study / 100)).resolve(String.format("study%05d", study))
                    .resolve(String.format("ct%06d.dcm", i));
            if (Files.exists(p)) {
                continue;
            }
            Files.createDirectories(p.getParent());
            String uid = "2.25.5151" + i;
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
            ds.setString(Tag.StudyDate, VR.DA, String.format("%04d0315", 2005 + study % 20));
            ds.setString(Tag.StudyTime, VR.TM, "101500");
            ds.setString(Tag.AccessionNumber, VR.SH, "ACC" + study);
            ds.setString(Tag.Modality, VR.CS, study % 3 == 0 ? "MR" : "CT");
            ds.setString(Tag.InstitutionName, VR.LO, "Ziekenhuis Benchmark");
            ds.setString(Tag.StudyDescription, VR.LO, "CT hersenen spoed");
            ds.setString(Tag.PatientName, VR.PN, "Jürgen^van Dijk");
            String bsn = bsns.get(study % bsns.size());
            switch (study % 3) {
                case 0 -> {
                    ds.setString(Tag.PatientID, VR.LO, bsn);
                    ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
                }
                case 1 -> {
                    ds.setString(Tag.PatientID, VR.LO, "LOC" + study);
                    ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
                    DataSet item = DataSet.itemOf(ds);
                    item.setString(Tag.PatientID, VR.LO, bsn);
                    item.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
                    item.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
                    ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
                }
                default -> {
                    ds.setString(Tag.PatientID, VR.LO, "LOC" + study);
                    ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
                }
            }
            ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
            ds.setString(Tag.PatientSex, VR.CS, "M");
            ds.setString(Tag.SliceThickness, VR.DS, "0.625");
            ds.setString(Tag.KVP, VR.DS, "120");
            ds.setString(Tag.XRayTubeCurrent, VR.IS, "250");
            ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.5252" + study);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.5353" + study);
            ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(i % 100));
            ds.setString(Tag.ImagePositionPatient, VR.DS, "-125", "-125", Integer.toString(i % 100));
            ds.setString(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
            ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
            ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
            ds.setInt(Tag.Rows, VR.US, 128);
            ds.setInt(Tag.Columns, VR.US, 128);
            ds.setInt(Tag.BitsAllocated, VR.US, 16);
            ds.setInt(Tag.BitsStored, VR.US, 12);
            ds.setInt(Tag.HighBit, VR.US, 11);
            ds.setInt(Tag.PixelRepresentation, VR.US, 0);
            ds.setString(Tag.WindowCenter, VR.DS, "40");
            ds.setString(Tag.WindowWidth, VR.DS, "80");
            ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
            ds.setString(Tag.RescaleSlope, VR.DS, "1");
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(
                    "1.2.840.10008.5.1.4.1.1.2", uid, ts, "BENCH"), ds, ts, true), p);
        }
    }
}
