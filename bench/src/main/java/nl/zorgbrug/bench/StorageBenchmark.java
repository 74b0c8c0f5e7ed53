package nl.zorgbrug.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StoreScu;

/**
 * Issue 3's benchmark, one run, same machine, same files: N CT images of 512x512x16 bit sent over
 * loopback in one association, in four combinations — dcmtk storescu to dcmtk storescp (the
 * baseline), our SCU to our SCP, our SCU to storescp, storescu to our SCP. Both SCPs write every
 * object to a file; ours forces each file to disk before answering (its default) and is also run
 * without that, as storescp does. dcmtk gets TCP_NODELAY=1. Prints a Markdown table.
 * Usage: StorageBenchmark WORKDIR [images=1000] [rounds=3]; the best of the rounds is reported.
 */
public final class StorageBenchmark {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private record Result(String name, double seconds, int images, long bytes) {
        double imagesPerSecond() {
            return images / seconds;
        }

        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-net").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<Path> images = corpus(work.resolve("images"), n);
        long bytes = 0;
        for (Path p : images) {
            bytes += Files.size(p);
        }
        pageCache(images);
        // JIT warm-up of our code on a few images, not measured.
        oursToOurs(work, images.subList(0, Math.min(50, n)), bytes, true);

        // Each configuration runs `rounds` times, interleaved, with the disk synced before every run, so
        // write-back of one run's files does not slow the next; the best round of each counts.
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<Result> results = null;
        for (int round = 0; round < rounds; round++) {
            List<Result> r = new ArrayList<>();
            sync();
            r.add(storescuToStorescp(work, images, bytes));
            sync();
            r.add(oursToOurs(work, images, bytes, true));
            sync();
            r.add(oursToOurs(work, images, bytes, false));
            sync();
            r.add(oursToStorescp(work, images, bytes));
            sync();
            r.add(storescuToOurs(work, images, bytes, true));
            sync();
            r.add(storescuToOurs(work, images, bytes, false));
            for (Result x : r) {
                System.out.printf(Locale.ROOT, "round %d: %s: %.2f s%n", round + 1, x.name(), x.seconds());
            }
            if (results == null) {
                results = r;
            } else {
                for (int i = 0; i < r.size(); i++) {
                    if (r.get(i).seconds() < results.get(i).seconds()) {
                        results.set(i, r.get(i));
                    }
                }
            }
        }
        Result base = results.get(0);
        System.out.println();
        System.out.printf(Locale.ROOT, "| %d CT images 512x512x16 (%.0f MB), loopback, one association | images/s | MB/s | ratio to baseline |%n",
                n, bytes / 1e6);
        System.out.println("|---|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f× |%n", r.name(), r.imagesPerSecond(),
                    r.megabytesPerSecond(), r.imagesPerSecond() / base.imagesPerSecond());
        }
    }

    static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    static List<Path> corpus(Path dir, int n) throws IOException {
        DataSet patient = new DataSet();
        patient.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100"); // Latin-1 names, as the images declare
        patient.setString(Tag.PatientName, VR.PN, "Bench^Patiënt");
        patient.setString(Tag.PatientID, VR.LO, "BENCH-1");
        return ctStudy(dir, n, "2.25.4242", "2.25.4242", patient);
    }

    /**
     * A CT study of n images of 512×512×16 bit (about 512 KB each), written once into {@code dir} and reused:
     * instance UIDs are {@code instancePrefix} followed by the number, the study is {@code study}.1 and the
     * series {@code study}.2; {@code attributes} (patient, accession, ...) are copied into every image.
     */
    static List<Path> ctStudy(Path dir, int n, String instancePrefix, String study, DataSet attributes)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        byte[] pixels = new byte[512 * 512 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            int v = (i * 13 / 2) & 0x0FFF;
            pixels[i] = (byte) v;
            pixels[i + 1] = (byte) (v >> 8);
        }
        for (int i = 0; i < n; i++) {
            String iuid = instancePrefix + i;
            Path f = dir.resolve(iuid + ".dcm");
            files.add(f);
            if (Files.exists(f)) {
                continue;
            }
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            ds.setString(Tag.SOPClassUID, VR.UI, CT);
            ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
            ds.setString(Tag.Modality, VR.CS, "CT");
            for (var e : attributes.elements()) {
                ds.put(e);
            }
            ds.setString(Tag.StudyInstanceUID, VR.UI, study + ".1");
            ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".2");
            ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
            ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
            ds.setInt(Tag.Rows, VR.US, 512);
            ds.setInt(Tag.Columns, VR.US, 512);
            ds.setInt(Tag.BitsAllocated, VR.US, 16);
            ds.setInt(Tag.BitsStored, VR.US, 12);
            ds.setInt(Tag.HighBit, VR.US, 11);
            ds.setInt(Tag.PixelRepresentation, VR.US, 0);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, iuid,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "BENCH"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true), f);
        }
        return files;
    }

    static void pageCache(List<Path> files) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (Path p : files) {
            try (var in = Files.newInputStream(p)) {
                while (in.read(buf) > 0) {
                    // read to warm the page cache
                }
            }
        }
    }

    static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process start(Path dir, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("peer-" + cmd.get(0) + ".log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        return pb.start();
    }

    static Process storescp(Path work, Path out, int port) throws Exception {
        Process p = start(work, List.of("storescp", "-aet", "STORESCP", "-od", out.toString(), String.valueOf(port)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return p;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("storescp did not start; see " + work.resolve("peer-storescp.log"));
                }
                Thread.sleep(20);
            }
        }
    }

    static double storescu(Path work, Path images, int port, String calledAe) throws Exception {
        long t = System.nanoTime();
        Process p = start(work, List.of("storescu", "-aec", calledAe, "+sd", "127.0.0.1", String.valueOf(port),
                images.toString()));
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("storescu failed; see " + work.resolve("peer-storescu.log"));
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static void check(Path out, int expected) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            long count = s.filter(p -> !p.getFileName().toString().endsWith(".part")).count();
            if (count != expected) {
                throw new IllegalStateException("expected " + expected + " stored objects in " + out + ", found " + count);
            }
        }
    }

    static Result storescuToStorescp(Path work, List<Path> images, long bytes) throws Exception {
        Path out = fresh(work.resolve("out-storescp"));
        int port = freePort();
        Process scp = storescp(work, out, port);
        try {
            double s = storescu(work, images.get(0).getParent(), port, "STORESCP");
            check(out, images.size());
            return new Result("dcmtk storescu → dcmtk storescp (baseline)", s, images.size(), bytes);
        } finally {
            scp.destroy();
            scp.waitFor();
            fresh(out);
        }
    }

    static Result oursToOurs(Path work, List<Path> images, long bytes, boolean fsync) throws Exception {
        Path out = fresh(work.resolve("out-ours"));
        DicomServer server = new DicomServer(Map.of("ZORGBRUG", Set.of()), new FileStoreHandler(out, fsync));
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            double s = oursSend(images, acceptor.port(), "ZORGBRUG");
            check(out, images.size());
            return new Result("Zorgbrug SCU → Zorgbrug SCP" + (fsync ? " (fsync per object)" : " (no fsync)"), s,
                    images.size(), bytes);
        } finally {
            fresh(out);
        }
    }

    static double oursSend(List<Path> images, int port, String calledAe) throws IOException {
        long t = System.nanoTime();
        List<StoreScu.Outcome> outcomes = StoreScu.send(new Connector(AssociationOptions.DEFAULT), "BENCH", calledAe,
                "127.0.0.1", port, images, (o, done, total) -> { });
        double s = (System.nanoTime() - t) / 1e9;
        for (StoreScu.Outcome o : outcomes) {
            if (!o.ok()) {
                throw new IllegalStateException(o.toString());
            }
        }
        return s;
    }

    static Result oursToStorescp(Path work, List<Path> images, long bytes) throws Exception {
        Path out = fresh(work.resolve("out-storescp"));
        int port = freePort();
        Process scp = storescp(work, out, port);
        try {
            double s = oursSend(images, port, "STORESCP");
            check(out, images.size());
            return new Result("Zorgbrug SCU → dcmtk storescp", s, images.size(), bytes);
        } finally {
            scp.destroy();
            scp.waitFor();
            fresh(out);
        }
    }

    static Result storescuToOurs(Path work, List<Path> images, long bytes, boolean fsync) throws Exception {
        Path out = fresh(work.resolve("out-ours"));
        DicomServer server = new DicomServer(Map.of("ZORGBRUG", Set.of()), new FileStoreHandler(out, fsync));
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            double s = storescu(work, images.get(0).getParent(), acceptor.port(), "ZORGBRUG");
            check(out, images.size());
            return new Result("dcmtk storescu → Zorgbrug SCP" + (fsync ? " (fsync per object)" : " (no fsync)"), s,
                    images.size(), bytes);
        } finally {
            fresh(out);
        }
    }
}
