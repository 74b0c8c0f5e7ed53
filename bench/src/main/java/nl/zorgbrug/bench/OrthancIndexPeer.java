package nl.zorgbrug.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * The peer of issue 20's registry benchmark: Orthanc 1.10 with Debian's orthanc-postgresql (its index in PostgreSQL,
 * a database of its own on the same server, dropped after) and orthanc-dicomweb, over plain HTTP (see the
 * configuration for why), answering QIDO-RS {@code GET /dicom-web/studies?PatientID=<BSN>}, the image index lookup a DICOMweb
 * archive offers. Seeded with the same distribution of studies over patients as the node ({@link IndexData.Patients}):
 * one small Key Object Selection instance per study, uploaded over its REST API ({@code POST /instances}) by 2
 * clients, at the rate measured and printed; then 1 and 8 clients for the same time as the node's runs, every answer
 * checked for as many studies as the patient has.
 */
final class OrthancIndexPeer {
    static final Pattern STUDY = Pattern.compile("\"0020000D\"");

    private OrthancIndexPeer() {
    }

    static void run(Path dir, int studies, int[] clientCounts, int seconds, int asked) throws Exception {
        StorageBenchmark.fresh(dir);
        String database = "zb_bench_orthanc_" + Long.toHexString(System.nanoTime());
        AdtBenchmark.psqlIn("postgres", "create database " + database);
        int httpPort = StorageBenchmark.freePort();
        Files.writeString(dir.resolve("orthanc.json"), "{\n"
                + "  \"Name\": \"bench\", \"StorageDirectory\": \"" + dir.resolve("storage") + "\",\n"
                + "  \"IndexDirectory\": \"" + dir.resolve("storage") + "\", \"HttpPort\": " + httpPort + ",\n"
                + "  \"DicomPort\": " + StorageBenchmark.freePort() + ", \"RemoteAccessAllowed\": false,\n"
                // Plain HTTP: Debian's Orthanc 1.10.1 (OpenSSL 3.0) resets every HTTPS connection right after the
                // handshake (seen 2026-12-07 with an EC and an RSA certificate; curl: "SSL_read: Connection reset").
                // The node pays for TLS in its runs and Orthanc does not: the comparison favours the peer.
                + "  \"AuthenticationEnabled\": false, \"SslEnabled\": false,\n"
                + "  \"HttpThreadsCount\": 16, \"StorageCompression\": false, \"SaveJobs\": false,\n"
                + "  \"Plugins\": [\"/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so\",\n"
                + "              \"/usr/share/orthanc/plugins/libOrthancDicomWeb.so\"],\n"
                + "  \"PostgreSQL\": { \"EnableIndex\": true, \"EnableStorage\": false, \"Host\": \"127.0.0.1\",\n"
                + "    \"Port\": 5432, \"Database\": \"" + database + "\", \"Username\": \"postgres\","
                + " \"Password\": \"\", \"Lock\": false },\n"
                + "  \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" }\n}\n");
        ProcessBuilder ob = new ProcessBuilder("/usr/sbin/Orthanc", "--no-jobs", dir.resolve("orthanc.json").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile());
        ob.environment().put("TCP_NODELAY", "1");
        Process orthanc = ob.start();
        Runtime.getRuntime().addShutdownHook(new Thread(orthanc::destroy));
        SSLContext tls = SSLContext.getDefault();
        String base = "http://127.0.0.1:" + httpPort;
        try {
            awaitUp(base, tls, orthanc, dir);
            IndexData.Patients patients = IndexData.Patients.of(studies);
            long start = System.nanoTime();
            upload(base, tls, patients);
            double took = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n### The peer: Orthanc %s with orthanc-postgresql, QIDO-RS"
                    + " studies?PatientID=, plain HTTP, %,d studies of %,d patients%n%n"
                    + "seeded over its REST API (POST /instances, one small KOS instance per study, 2 clients) in %.0f s:"
                    + " %.0f studies/s; index in PostgreSQL %.2f GB%n%n", version(base, tls), patients.entries(),
                    patients.bsns().length, took, patients.entries() / took, Double.parseDouble(AdtBenchmark.psqlIn(
                            "postgres", "select pg_database_size('" + database + "')")) / 1e9);
            SplittableRandom pick = new SplittableRandom(7);
            int[] askedPatients = new int[Math.min(asked, patients.bsns().length)];
            for (int i = 0; i < askedPatients.length; i++) {
                askedPatients[i] = pick.nextInt(patients.bsns().length);
            }
            IndexBenchmark.Load qido = new IndexBenchmark.Load(() -> {
                HttpClient http = client(tls);
                return random -> {
                    int p = askedPatients[random.nextInt(askedPatients.length)];
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/dicom-web/studies?PatientID=" + patients.bsns()[p])).header("Accept",
                            "application/dicom+json").timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("QIDO-RS answered " + r.statusCode() + ": " + r.body());
                    }
                    Matcher m = STUDY.matcher(r.body());
                    int n = 0;
                    while (m.find()) {
                        n++;
                    }
                    return n == patients.studies()[p];
                };
            });
            qido.run(2, Math.min(30, seconds));
            System.out.println("| QIDO-RS studies?PatientID= | clients | requests | per s | p50 ms | p95 ms | p99 ms |"
                    + " max ms | errors | Orthanc CPU ms/req | PostgreSQL CPU ms/req | Orthanc RSS MiB |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int clients : clientCounts) {
                double cpu = GatewayBenchmark.cpuSeconds(orthanc.pid());
                double pg = AdtBenchmark.postgresCpuSeconds();
                IndexBenchmark.Run run = qido.run(clients, seconds);
                cpu = GatewayBenchmark.cpuSeconds(orthanc.pid()) - cpu;
                pg = AdtBenchmark.postgresCpuSeconds() - pg;
                System.out.printf(Locale.ROOT, "| Orthanc | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %.2f | %.2f |"
                        + " %.0f |%n", clients, run.count(), run.perSecond(), run.percentile(50), run.percentile(95),
                        run.percentile(99), run.percentile(100), run.errors(), cpu * 1000 / run.count(),
                        pg * 1000 / run.count(), rssKb(orthanc.pid()) / 1024.0);
            }
        } finally {
            orthanc.destroy();
            orthanc.waitFor();
            AdtBenchmark.psqlIn("postgres", "drop database if exists " + database);
        }
    }

    /** Every study of every patient as one small KOS instance, POST /instances, by 2 clients. */
    static void upload(String base, SSLContext tls, IndexData.Patients patients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicLong next = new AtomicLong();
        long[] firstStudy = new long[patients.bsns().length + 1];
        for (int p = 0; p < patients.bsns().length; p++) {
            firstStudy[p + 1] = firstStudy[p] + patients.studies()[p];
        }
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                done.add(pool.submit(() -> {
                    HttpClient http = client(tls);
                    SplittableRandom random = new SplittableRandom(next.get() * 31 + 5);
                    for (int p = (int) next.getAndIncrement(); p < patients.bsns().length;
                         p = (int) next.getAndIncrement()) {
                        for (int k = 0; k < patients.studies()[p]; k++) {
                            long seq = firstStudy[p] + k;
                            byte[] dicom = instance(patients.bsns()[p], seq, random);
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/instances"))
                                    .header("Content-Type", "application/dicom")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException("Orthanc refused an upload: " + r.statusCode() + " "
                                        + r.body());
                            }
                        }
                        if (p % 10_000 == 0) {
                            System.out.printf(Locale.ROOT, "  Orthanc: patient %,d of %,d%n", p, patients.bsns().length);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A KOS instance of study {@code seq} of the patient (the same UIDs as the node's seeded entries name). */
    static byte[] instance(String bsn, long seq, SplittableRandom random) throws IOException {
        String kosClass = "1.2.840.10008.5.1.4.1.1.88.59";
        String study = IndexData.ROOT + ".3." + seq;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, kosClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, IndexData.ROOT + ".4." + seq);
        ds.setString(Tag.StudyDate, VR.DA, String.format("%04d%02d%02d", 2005 + random.nextInt(21),
                1 + random.nextInt(12), 1 + random.nextInt(28)));
        ds.setString(Tag.StudyTime, VR.TM, "093015");
        ds.setString(Tag.AccessionNumber, VR.SH, "A" + seq);
        ds.setString(Tag.Modality, VR.CS, "KO");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, bsn);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, IndexData.ROOT + ".5." + seq);
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(kosClass, IndexData.ROOT + ".4." + seq, ts,
                "BENCH"), ds, ts, true), out);
        return out.toByteArray();
    }

    static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static void awaitUp(String base, SSLContext tls, Process orthanc, Path dir) throws Exception {
        HttpClient http = client(tls);
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/system")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.currentTimeMillis() > deadline || !orthanc.isAlive()) {
                throw new IllegalStateException("Orthanc did not start; see " + dir.resolve("orthanc.log"));
            }
            Thread.sleep(200);
        }
    }

    static String version(String base, SSLContext tls) throws Exception {
        String system = client(tls).send(HttpRequest.newBuilder(URI.create(base + "/system")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"Version\"\\s*:\\s*\"([^\"]+)\"").matcher(system);
        return m.find() ? m.group(1) : "?";
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
