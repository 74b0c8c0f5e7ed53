package nl.zorgbrug.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * Issue 2's benchmark, one run, same machine, same files:
 * <ol>
 *   <li>header-only parse of N files from page cache: ours (2 threads) against a dcmtk dcmdump
 *       loop (one process per file, as a script would run it) and pydicom dcmread(stop_before_pixels=True);</li>
 *   <li>streaming rewrite of the Patient ID of a 1 GiB multi-frame object against cp of the same file.</li>
 * </ol>
 * Usage: DataToolkitBenchmark WORKDIR [files=10000] [bigMiB=1024]. Prints a Markdown table.
 */
public final class DataToolkitBenchmark {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-data");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int bigMiB = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Files.createDirectories(work);
        List<Path> corpus = corpus(work.resolve("headers"), files);
        warmPageCache(corpus);

        // 1. header-only parse
        double ours = oursHeaders(corpus, 2);
        double oursOneThread = oursHeaders(corpus, 1);
        double dcmdump = dcmdumpLoop(corpus, work);
        double pydicom = pydicomLoop(corpus, work);

        // 2. streaming rewrite vs cp
        Path big = bigObject(work.resolve("big.dcm"), bigMiB);
        warmPageCache(List.of(big));
        double cpSeconds = cp(big, work.resolve("big-cp.dcm"));
        Files.deleteIfExists(work.resolve("big-cp.dcm"));
        warmPageCache(List.of(big));
        System.gc();
        resetPeakHeap();
        long start = System.nanoTime();
        StreamingEditor.edit(big, work.resolve("big-edited.dcm"), head -> {
            DataSet scratch = DataSet.itemOf(head);
            scratch.setString(Tag.PatientID, VR.LO, "999911120");
            return List.of(new Edit.Put(scratch.get(Tag.PatientID)));
        });
        double editSeconds = (System.nanoTime() - start) / 1e9;
        long heapPeak = peakHeap();
        double mib = Files.size(big) / (1024.0 * 1024.0);
        Files.deleteIfExists(work.resolve("big-edited.dcm"));

        System.out.println();
        System.out.printf(Locale.ROOT, "| header-only parse of %d files (page cache) | files/s | ratio to dcmdump loop |%n", files);
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| Zorgbrug Part10Reader.readHeader, 2 threads | %.0f | %.1f× |%n", ours, ours / dcmdump);
        System.out.printf(Locale.ROOT, "| Zorgbrug Part10Reader.readHeader, 1 thread | %.0f | %.1f× |%n", oursOneThread, oursOneThread / dcmdump);
        System.out.printf(Locale.ROOT, "| dcmtk 3.6.7 `dcmdump -q -M` loop, one process per file | %.0f | 1.0× |%n", dcmdump);
        System.out.printf(Locale.ROOT, "| pydicom %s `dcmread(stop_before_pixels=True)` | %.0f | %.1f× |%n", pydicomVersion(), pydicom, pydicom / dcmdump);
        System.out.println();
        System.out.printf(Locale.ROOT, "| streaming rewrite of a %.0f MiB multi-frame object | seconds | MB/s | ratio to cp |%n", mib);
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| `cp` | %.2f | %.0f | 1.00 |%n", cpSeconds, mib / cpSeconds);
        System.out.printf(Locale.ROOT, "| Zorgbrug StreamingEditor (Patient ID rewritten) | %.2f | %.0f | %.2f |%n",
                editSeconds, mib / editSeconds, cpSeconds / editSeconds);
        System.out.printf(Locale.ROOT, "%nPeak heap during the streaming rewrite (after a GC): %.1f MiB (max heap %d MiB)%n",
                heapPeak / (1024.0 * 1024.0), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** CT-like objects: a realistic header (about 2 KB) and 128×128×16-bit pixels. */
    static List<Path> corpus(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        byte[] pixels = new byte[128 * 128 * 2];
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        for (int i = 0; i < count; i++) {
            Path p = dir.resolve(String.format("ct%05d.dcm", i));
            out.add(p);
            if (Files.exists(p)) {
                continue;
            }
            String uid = "2.25.4242" + i;
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
            ds.setString(Tag.StudyDate, VR.DA, "20261125");
            ds.setString(Tag.StudyTime, VR.TM, "101500");
            ds.setString(Tag.AccessionNumber, VR.SH, "ACC" + i / 100);
            ds.setString(Tag.Modality, VR.CS, "CT");
            ds.setString(Tag.InstitutionName, VR.LO, "Ziekenhuis Benchmark");
            ds.setString(Tag.StudyDescription, VR.LO, "CT hersenen spoed");
            ds.setString(Tag.PatientName, VR.PN, "Jürgen^van Dijk");
            ds.setString(Tag.PatientID, VR.LO, "LOC" + i / 100);
            ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
            ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
            ds.setString(Tag.PatientSex, VR.CS, "M");
            DataSet item = DataSet.itemOf(ds);
            item.setString(Tag.PatientID, VR.LO, "999911120");
            item.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
            item.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
            ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
            ds.setString(Tag.SliceThickness, VR.DS, "0.625");
            ds.setString(Tag.KVP, VR.DS, "120");
            ds.setString(Tag.XRayTubeCurrent, VR.IS, "250");
            ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.4242" + i / 100);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.4343" + i / 100);
            ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(i));
            ds.setString(Tag.ImagePositionPatient, VR.DS, "-125", "-125", Integer.toString(i));
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
        return out;
    }

    static void warmPageCache(List<Path> files) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (Path p : files) {
            try (var in = Files.newInputStream(p)) {
                while (in.read(buf) >= 0) {
                    // read to load the page cache
                }
            }
        }
    }

    static double oursHeaders(List<Path> files, int threads) throws Exception {
        for (int round = 0; round < 4; round++) { // three warm-up rounds for the JIT, then the measured one
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicLong found = new AtomicLong();
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = offset; i < files.size(); i += threads) {
                        DicomFile f = Part10Reader.readHeader(files.get(i));
                        if (f.dataSet().getString(Tag.PatientID) != null) {
                            found.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            if (found.get() != files.size()) {
                throw new IllegalStateException("read " + found.get() + " of " + files.size());
            }
            if (round == 3) {
                return files.size() / seconds;
            }
        }
        throw new AssertionError();
    }

    static double dcmdumpLoop(List<Path> files, Path work) throws Exception {
        Path list = work.resolve("files.txt");
        Files.write(list, files.stream().map(Path::toString).toList());
        // -M: do not load values longer than 4 KB (Pixel Data), dcmdump's nearest to a header-only read.
        String script = "while read -r f; do dcmdump -q -M \"$f\" >/dev/null || exit 1; done < " + list;
        long start = System.nanoTime();
        run(List.of("bash", "-c", script));
        return files.size() / ((System.nanoTime() - start) / 1e9);
    }

    static double pydicomLoop(List<Path> files, Path work) throws Exception {
        Path script = Path.of("bench/src/main/python/pydicom_headers.py");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString())
                .redirectInput(work.resolve("files.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pydicom run failed: " + new String(p.getErrorStream().readAllBytes()));
        }
        String[] parts = out.split(" ");
        return Integer.parseInt(parts[0]) / Double.parseDouble(parts[1]);
    }

    static String pydicomVersion() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import pydicom; print(pydicom.__version__)").start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return v;
    }

    /** A multi-frame object of about the given size, with real (non-sparse) pixel bytes. */
    static Path bigObject(Path p, int mib) throws IOException {
        if (Files.exists(p) && Files.size(p) > (long) mib * 1024 * 1024) {
            return p;
        }
        long pixelBytes = (long) mib * 1024 * 1024;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.999");
        ds.setString(Tag.PatientName, VR.PN, "Groot^Object");
        ds.setString(Tag.PatientID, VR.LO, "LOC-BIG");
        ds.setString(Tag.NumberOfFrames, VR.IS, Long.toString(pixelBytes / (512 * 512 * 2)));
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 20)) {
            Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2.1",
                    "2.25.999", ts, "BENCH"), out);
            new nl.zorgbrug.dicom.io.DicomWriter(out).writeDataSet(ds, ts);
            out.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                    (byte) pixelBytes, (byte) (pixelBytes >> 8), (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)});
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31);
            }
            for (long written = 0; written < pixelBytes; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, pixelBytes - written));
            }
        }
        return p;
    }

    static double cp(Path from, Path to) throws Exception {
        long start = System.nanoTime();
        // cp, then sync of that file, as the editor forces its output to disk too.
        run(List.of("bash", "-c", "cp '" + from + "' '" + to + "' && sync '" + to + "'"));
        return (System.nanoTime() - start) / 1e9;
    }

    static void run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("TCP_NODELAY", "1");
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command + " exited " + exit);
        }
    }

    static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
