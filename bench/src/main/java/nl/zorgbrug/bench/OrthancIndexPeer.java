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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * clients below {@link #COPY_FROM} studies, from there on the first few patients so and the rest by COPY with the rows
 * Orthanc wrote for them ({@link OrthancIndexSeeder}, checked by {@link #check}); then 1 and 8 clients for the same
 * time as the node's runs, every answer checked for as many studies as the patient has (the DICOM JSON Model, PS3.18
 * F.2: one "0020000D" per study).
 */
final class OrthancIndexPeer {
    static final Pattern STUDY = Pattern.compile("\"0020000D\"");

    private OrthancIndexPeer() {
    }

    /** Seed by COPY from this many studies on, unless INDEX_BENCH_PEER_SEED says {@code rest} or {@code copy}. */
    static final int COPY_FROM = 10_000;

    static void run(Path dir, int studies, int[] clientCounts, int seconds, int asked) throws Exception {
        StorageBenchmark.fresh(dir);
        String database = "zb_bench_orthanc_" + Long.toHexString(System.nanoTime());
        AdtBenchmark.psqlIn("postgres", "create database " + database);
        int httpPort = StorageBenchmark.freePort();
        Path storage = dir.resolve("storage");
        Files.writeString(dir.resolve("orthanc.json"), "{\n"
                + "  \"Name\": \"bench\", \"StorageDirectory\": \"" + storage + "\",\n"
                + "  \"IndexDirectory\": \"" + storage + "\", \"HttpPort\": " + httpPort + ",\n"
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
        SSLContext tls = SSLContext.getDefault();
        String base = "http://127.0.0.1:" + httpPort;
        // The Orthanc running now (seeding by COPY stops it and starts another), stopped in the end whatever happens.
        Process[] running = {start(dir, base, tls)};
        try {
            IndexData.Patients patients = IndexData.Patients.of(studies);
            long[] firstStudy = firstStudies(patients);
            String mode = System.getenv().getOrDefault("INDEX_BENCH_PEER_SEED", studies >= COPY_FROM ? "copy" : "rest");
            if (mode.equals("rest")) {
                long start = System.nanoTime();
                upload(base, tls, patients, 0, patients.bsns().length);
                System.out.println();
                double took = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%n### The peer: Orthanc %s with orthanc-postgresql, QIDO-RS"
                        + " studies?PatientID=, plain HTTP, %,d studies of %,d patients%n%n"
                        + "seeded over its REST API (POST /instances, one small KOS instance per study, 2 clients) in %.0f s:"
                        + " %.0f studies/s; index in PostgreSQL %.2f GB%n%n", version(base, tls), patients.entries(),
                        patients.bsns().length, took, patients.entries() / took, databaseBytes(database) / 1e9);
            } else if (mode.equals("copy")) {
                seedByCopy(dir, base, tls, running, database, patients, firstStudy);
            } else {
                throw new IllegalArgumentException("INDEX_BENCH_PEER_SEED is rest or copy, not " + mode);
            }
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
            Process orthanc = running[0];
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
            stop(running[0]);
            try {
                AdtBenchmark.psqlIn("postgres", "drop database if exists " + database);
            } catch (IllegalStateException notDropped) {
                // Not to hide why the run failed: say so, the database stays for a look.
                System.err.println("Orthanc's index database " + database + " not dropped: " + notDropped.getMessage());
            }
            // A million files: rm, not a walk from Java.
            new ProcessBuilder("rm", "-rf", storage.toString()).inheritIO().start().waitFor();
        }
    }

    /**
     * The first patients over REST (up to the first with two studies, at least three), Orthanc's rows of that one
     * made the template, Orthanc stopped, the rest by COPY ({@link OrthancIndexSeeder}), Orthanc started again, then
     * {@link #check}. {@code running} holds the Orthanc running.
     */
    static void seedByCopy(Path dir, String base, SSLContext tls, Process[] running, String database,
                           IndexData.Patients patients, long[] firstStudy) throws Exception {
        int template = 0;
        while (patients.studies()[template] < 2) {
            template++;
        }
        int rest = Math.max(3, template + 1);
        long start = System.nanoTime();
        upload(base, tls, patients, 0, rest);
        OrthancIndexSeeder.Template t = OrthancIndexSeeder.template(database, patients.bsns()[template]);
        String version = version(base, tls);
        stop(running[0]);
        OrthancIndexSeeder.Result seeded = OrthancIndexSeeder.seed(database, dir.resolve("storage"), t, patients, rest,
                firstStudy[rest]);
        running[0] = start(dir, base, tls);
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n### The peer: Orthanc %s with orthanc-postgresql, QIDO-RS"
                + " studies?PatientID=, plain HTTP, %,d studies of %,d patients (%,d with %d studies)%n%n"
                + "seeded: %d patients (%,d studies) over the REST API, their rows the template; the other %,d studies"
                + " by COPY: %,d rows in %.0f s, indexes and counts %.0f s, VACUUM ANALYZE %.0f s; %,d instance files,"
                + " %.2f GB of DICOM (%.2f GB on disk); %.0f s in all, %.0f studies/s%n", version, patients.entries(),
                patients.bsns().length, patients.heavy(), IndexData.HEAVY, rest, firstStudy[rest],
                patients.entries() - firstStudy[rest], seeded.rows(), seeded.seconds(), seeded.indexSeconds(),
                seeded.vacuumSeconds(), seeded.files(), seeded.bytes() / 1e9, diskBytes(dir.resolve("storage")) / 1e9,
                took, patients.entries() / took);
        System.out.println("\n| table | rows | table MB | indexes MB |\n|---|---:|---:|---:|");
        for (var e : OrthancIndexSeeder.sizes(database).entrySet()) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f |%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1] / 1048576.0, e.getValue()[2] / 1048576.0);
        }
        System.out.printf(Locale.ROOT, "%nindex database (pg_database_size): %.2f GB%n", databaseBytes(database) / 1e9);
        check(base, tls, database, dir.resolve("storage"), patients, rest, template);
    }

    /**
     * Fails the run unless Orthanc answers for the seeded index as for the uploaded one: /statistics counts equal to
     * the rows and to the studies seeded; QIDO-RS for patients uploaded over REST and patients seeded by COPY (the
     * first and last seeded, the first with 500 studies) answer as many studies as the patient has, their own Study
     * Instance UIDs, each study with the same tags and VRs as an uploaded one; and Orthanc takes a new upload after,
     * counted.
     */
    static void check(String base, SSLContext tls, String database, Path storage, IndexData.Patients patients, int rest,
                      int template) throws Exception {
        HttpClient http = client(tls);
        long[] expected = {patients.bsns().length, patients.entries(), patients.entries(), patients.entries()};
        long[] stats = statistics(http, base);
        Map<Integer, Long> rows = OrthancIndexSeeder.counts(database);
        for (int level = 0; level < 4; level++) {
            if (stats[level] != expected[level] || rows.get(level) != expected[level]) {
                throw new IllegalStateException("Orthanc's /statistics counts " + Arrays.toString(stats) + ", its index "
                        + rows + ", seeded " + Arrays.toString(expected) + " (patients, studies, series, instances)");
            }
        }
        if (stats[4] != rows.get(-1)) {
            throw new IllegalStateException("Orthanc's TotalDiskSize " + stats[4] + " is not the attachments' sum "
                    + rows.get(-1));
        }
        Map<String, String> shape = qidoChecked(http, base, patients.bsns()[template], patients.studies()[template],
                firstStudies(patients)[template], null);
        List<Integer> asked = new ArrayList<>(List.of(0, rest, patients.bsns().length - 1));
        for (int p = rest; p < patients.bsns().length; p++) {
            if (patients.studies()[p] == IndexData.HEAVY) {
                asked.add(p);
                break;
            }
        }
        long[] first = firstStudies(patients);
        for (int p : asked) {
            qidoChecked(http, base, patients.bsns()[p], patients.studies()[p], first[p], shape);
        }
        // Orthanc still takes uploads on the seeded index: a study of a new patient, counted, answered, ids after ours.
        String bsn = IndexData.bsn(patients.bsns().length);
        long seq = patients.entries();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/instances"))
                .header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(instance(bsn, seq))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"Success\"")) {
            throw new IllegalStateException("Orthanc refused an upload after the COPY: " + r.statusCode() + " " + r.body());
        }
        long[] after = statistics(http, base);
        for (int level = 0; level < 4; level++) {
            if (after[level] != expected[level] + 1) {
                throw new IllegalStateException("after one more upload Orthanc counts " + Arrays.toString(after)
                        + ", not one more than " + Arrays.toString(expected));
            }
        }
        qidoChecked(http, base, bsn, 1, seq, shape);
        // The rows: those Orthanc wrote for the study just uploaded and for one of the template patient, beside those
        // seeded for the first and the last seeded study.
        int last = patients.bsns().length - 1;
        String[] differs = {
                OrthancIndexSeeder.compare(database, storage, bsn, seq, patients.bsns()[rest], first[rest]),
                OrthancIndexSeeder.compare(database, storage, patients.bsns()[template], first[template] + 1,
                        patients.bsns()[last], first[last] + patients.studies()[last] - 1)};
        for (String d : differs) {
            if (d != null) {
                throw new IllegalStateException("the seeded rows are not those Orthanc writes: " + d);
            }
        }
        System.out.printf(Locale.ROOT, "check: /statistics = rows = seeded (%,d patients, %,d studies, series,"
                + " instances; %,d bytes); QIDO-RS for %d patients (uploaded and seeded) answers their studies with the"
                + " tags and VRs of an uploaded one (%s); a new upload after is taken and counted; the rows of two"
                + " uploaded studies equal those of two seeded ones but for their values, the seeded files of the"
                + " size and MD5 in their rows%n%n", expected[0], expected[1], stats[4], asked.size() + 2,
                shape.keySet());
    }

    /** QIDO-RS for the patient, checked: its studies' UIDs, and each study with {@code shape}'s tags and VRs. */
    static Map<String, String> qidoChecked(HttpClient http, String base, String bsn, int count, long firstSeq,
                                           Map<String, String> shape) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/dicom-web/studies?PatientID="
                + bsn)).header("Accept", "application/dicom+json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("QIDO-RS answered " + r.statusCode() + ": " + r.body());
        }
        List<Map<String, String>> studies = DicomJson.studies(r.body());
        Set<String> uids = new TreeSet<>();
        Set<String> wanted = new TreeSet<>();
        for (long k = 0; k < count; k++) {
            wanted.add(IndexData.ROOT + ".3." + (firstSeq + k));
        }
        Map<String, String> first = null;
        for (Map<String, String> study : studies) {
            uids.add(study.remove(DicomJson.UID));
            if (first == null) {
                first = study;
            }
            if (!study.equals(shape == null ? first : shape)) {
                throw new IllegalStateException("QIDO-RS answered study tags " + study + " for a patient, not "
                        + (shape == null ? first : shape));
            }
        }
        if (studies.size() != count || !uids.equals(wanted)) {
            throw new IllegalStateException("QIDO-RS answered " + studies.size() + " studies for a patient with " + count
                    + ", or other Study Instance UIDs than seeded (" + uids.size() + " of " + wanted.size() + ")");
        }
        return first;
    }

    /** /statistics: patients, studies, series, instances, TotalDiskSize. */
    static long[] statistics(HttpClient http, String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/statistics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String[] keys = {"CountPatients", "CountStudies", "CountSeries", "CountInstances", "TotalDiskSize"};
        long[] v = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Matcher m = Pattern.compile("\"" + keys[i] + "\"\\s*:\\s*\"?(\\d+)").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no " + keys[i] + " in Orthanc's /statistics: " + body);
            }
            v[i] = Long.parseLong(m.group(1));
        }
        return v;
    }

    static long[] firstStudies(IndexData.Patients patients) {
        long[] firstStudy = new long[patients.bsns().length + 1];
        for (int p = 0; p < patients.bsns().length; p++) {
            firstStudy[p + 1] = firstStudy[p] + patients.studies()[p];
        }
        return firstStudy;
    }

    static long databaseBytes(String database) throws Exception {
        return Long.parseLong(AdtBenchmark.psqlIn("postgres", "select pg_database_size('" + database + "')"));
    }

    static long diskBytes(Path dir) throws Exception {
        Process du = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).start();
        String out = new String(du.getInputStream().readAllBytes()).strip();
        du.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    static Process start(Path dir, String base, SSLContext tls) throws Exception {
        ProcessBuilder ob = new ProcessBuilder("/usr/sbin/Orthanc", "--no-jobs", dir.resolve("orthanc.json").toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("orthanc.log").toFile()));
        ob.environment().put("TCP_NODELAY", "1");
        Process orthanc = ob.start();
        Runtime.getRuntime().addShutdownHook(new Thread(orthanc::destroy));
        awaitUp(base, tls, orthanc, dir);
        return orthanc;
    }

    static void stop(Process orthanc) throws InterruptedException {
        orthanc.destroy();
        orthanc.waitFor();
    }

    /** The studies of patients {@code from..to-1}, each one small KOS instance, POST /instances, by 2 clients. */
    static void upload(String base, SSLContext tls, IndexData.Patients patients, int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicLong next = new AtomicLong(from);
        long[] firstStudy = firstStudies(patients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                done.add(pool.submit(() -> {
                    HttpClient http = client(tls);
                    for (int p = (int) next.getAndIncrement(); p < to; p = (int) next.getAndIncrement()) {
                        for (int k = 0; k < patients.studies()[p]; k++) {
                            byte[] dicom = instance(patients.bsns()[p], firstStudy[p] + k);
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
                            System.out.printf(Locale.ROOT, "  Orthanc: patient %,d of %,d%n", p, to);
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

    /** The study date of study {@code seq}: 2005-2025, the same whether uploaded or seeded. */
    static String studyDate(long seq) {
        SplittableRandom random = new SplittableRandom(IndexData.mix(seq));
        return String.format(Locale.ROOT, "%04d%02d%02d", 2005 + random.nextInt(21), 1 + random.nextInt(12),
                1 + random.nextInt(28));
    }

    /** A KOS instance of study {@code seq} of the patient (the same UIDs as the node's seeded entries name). */
    static byte[] instance(String bsn, long seq) throws IOException {
        String kosClass = "1.2.840.10008.5.1.4.1.1.88.59";
        String[] v = OrthancIndexSeeder.values(bsn, seq);
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, kosClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, v[OrthancIndexSeeder.V_SOP]);
        ds.setString(Tag.StudyDate, VR.DA, v[OrthancIndexSeeder.V_DATE]);
        ds.setString(Tag.StudyTime, VR.TM, "093015");
        ds.setString(Tag.AccessionNumber, VR.SH, v[OrthancIndexSeeder.V_ACCESSION]);
        ds.setString(Tag.Modality, VR.CS, "KO");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, bsn);
        ds.setString(Tag.StudyInstanceUID, VR.UI, v[OrthancIndexSeeder.V_STUDY]);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, v[OrthancIndexSeeder.V_SERIES]);
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(kosClass, v[OrthancIndexSeeder.V_SOP], ts,
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
