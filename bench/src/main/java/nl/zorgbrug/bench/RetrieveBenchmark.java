package nl.zorgbrug.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * Issue 20's retrieval benchmark: "MB/s for a 1 GB study A→B by RAD-69, WADO-RS and C-MOVE against dcmtk movescu".
 * Hospital A's PACS holds a generated CT study (N instances of 512×512×16 bit, about 525 kB each; the local id and
 * issuer of hospital A; its BSN, which passes the 11-proof, in node A's MPI as validated). Node A (source and registry,
 * {@code java -jar zorgbrug.jar serve} on a PostgreSQL schema of its own) registered it: the PACS sent the study to
 * A's registration route (dcmtk storescu), A's job registered the KOS with A's own ITI-42. Node B (consumer, a fresh
 * node on a schema of its own for each method) imports it ({@code POST /api/images/import}) by each method into B's
 * PACS (dcmtk storescp) through its import route:
 * <ul>
 *   <li><b>RAD-69</b> and <b>WADO-RS</b>: from node A's responders, A fetching each instance from its PACS, Orthanc
 *   with the DICOMweb plugin as installed, by WADO-RS, then the export swap;</li>
 *   <li><b>C-MOVE</b>: from hospital A's DIMSE PACS, dcmqrscp holding the same study, to B's move destination.</li>
 * </ul>
 * Time from the import request until B's PACS holds every instance (files in storescp's directory); MB/s is the
 * study's bytes over that time. Also the time until B's import route took the first instance (a row of its IMPORT
 * job) and until the first instance reached B's PACS (the import route's job becomes due
 * after the route's quiet time, {@value #QUIET} here). CPU seconds of node A, node B and A's PACS from /proc.
 *
 * <p>Beside it: one <b>WADO-RS GET of the whole study</b> from node A (one request, as a DICOMweb viewer asks it;
 * the import asks one instance a request): the time to its first byte and its MB/s. The peer in the same run:
 * {@code movescu} moving the study from dcmqrscp to a storescp, the plain DICOM transfer without any of our work.
 * Every dcmtk peer runs with {@code TCP_NODELAY=1}.
 *
 * <p>Usage: {@code RetrieveBenchmark WORKDIR [instances=2000] [methods=WADO_RS,RAD_69,C_MOVE]};
 * {@code -Dbench.jars=main=/tmp/a.jar,branch=app/target/zorgbrug.jar} runs node A and B of each jar in turn (default:
 * {@code app/target/zorgbrug.jar} as "node").
 */
public final class RetrieveBenchmark {
    static final String QUIET = "2s";
    static final String LOCAL_ISSUER = GatewayBenchmark.LOCAL_ISSUER;
    static final String B_ISSUER = "2.16.528.1.1007.99.2";
    static final String BSN = "999911120";
    static final String A_URA = "00001111";
    static final String B_URA = "00002222";
    static final String SOURCE = "zb-source-a";
    static final String CONSUMER = "zb-consumer-b";
    static final String PASSWORD = "bench";
    static final String REPOSITORY = "2.16.528.1.1007.99.7.1";
    static final String PACS_A_AE = "PACS_A";
    static final String MOVE_AE = "ZB_MOVE";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    record Row(String method, String jar, double seconds, double firstHanded, double firstAtB, double cpuA,
               double cpuB, double cpuPacs, long bytes) {
        double mbps() {
            return bytes / 1e6 / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        List<String> methods = List.of((args.length > 2 ? args[2] : "WADO_RS,RAD_69,C_MOVE").split(","));
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String j : System.getProperty("bench.jars", "node=" + GatewayBenchmark.nodeJar()).split(",")) {
            jars.put(j.substring(0, j.indexOf('=')), Path.of(j.substring(j.indexOf('=') + 1)).toAbsolutePath());
        }
        List<Path> images = GatewayBenchmark.corpus(work.resolve("images-" + n), n);
        long bytes = 0;
        for (Path p : images) {
            bytes += Files.size(p);
        }
        String study = Part10Reader.read(images.get(0), 0x00400000L).dataSet().getString(Tag.StudyInstanceUID);
        System.out.printf(Locale.ROOT, "study %s: %d instances, %.1f MB%n", study, n, bytes / 1e6);
        StorageBenchmark.pageCache(images);

        Path out = StorageBenchmark.fresh(work.resolve("pacs-b"));
        int storescpPort = StorageBenchmark.freePort();
        int moveDestinationPort = StorageBenchmark.freePort();
        List<Row> rows = new ArrayList<>();
        try (Peer storescp = Peer.start(work.resolve("storescp.log"), "storescp", "--fork", "-aet", "STORESCP", "-od",
                out.toString(), String.valueOf(storescpPort));
             Peer orthanc = Orthanc.start(StorageBenchmark.fresh(work.resolve("orthanc-a")));
             Peer dcmqrscp = dcmqrscp(StorageBenchmark.fresh(work.resolve("dcmqrscp-a")), storescpPort,
                     moveDestinationPort)) {
            long t = System.nanoTime();
            StorageBenchmark.storescu(work, images.get(0).getParent(), orthanc.dicomPort, "ORTHANC");
            System.out.printf(Locale.ROOT, "Orthanc A loaded by storescu in %.1f s%n", (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            StorageBenchmark.storescu(work, images.get(0).getParent(), dcmqrscp.dicomPort, PACS_A_AE);
            System.out.printf(Locale.ROOT, "dcmqrscp A loaded by storescu in %.1f s%n", (System.nanoTime() - t) / 1e9);

            rows.add(movescu(work, study, n, bytes, dcmqrscp, out));
            int k = 0;
            for (Map.Entry<String, Path> jar : jars.entrySet()) {
                k++;
                String schemaA = "zb_retrieve_a" + k;
                try (Node a = Node.start(work.resolve("node-a-" + jar.getKey()), jar.getValue(), schemaA,
                        configA(orthanc.httpPort))) {
                    a.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,"
                            + "given_name,birth_date,sex\nBENCH-1," + LOCAL_ISSUER + "," + BSN
                            + ",verified+validated,Dijk,Jürgen,19811231,M\n");
                    recordConsent(a);
                    t = System.nanoTime();
                    StorageBenchmark.storescu(work, images.get(0).getParent(), a.dicomPort, "ZB_REGISTER");
                    awaitRegistered(schemaA, study);
                    System.out.printf(Locale.ROOT, "[%s] node A registered the study %.1f s after the PACS began"
                            + " sending it%n", jar.getKey(), (System.nanoTime() - t) / 1e9);
                    rows.add(wadoStudy(a, study, bytes, orthanc, jar.getKey()));
                    for (String method : methods) {
                        StorageBenchmark.fresh(out);
                        String schemaB = "zb_retrieve_b" + k;
                        try (Node b = Node.start(work.resolve("node-b-" + jar.getKey() + "-" + method),
                                jar.getValue(), schemaB, configB(a.httpPort, method, moveDestinationPort))) {
                            rows.add(importStudy(b, a, method, jar.getKey(), study, n, bytes, out,
                                    method.equals("C_MOVE") ? dcmqrscp : orthanc, storescpPort, dcmqrscp.dicomPort));
                            Row r = rows.get(rows.size() - 1);
                            System.out.printf(Locale.ROOT, "[%s] %s: %.1f s, %.1f MB/s%n", jar.getKey(), method,
                                    r.seconds(), r.mbps());
                        }
                    }
                }
            }
        }
        print(rows, n, bytes);
    }

    static void print(List<Row> rows, int n, long bytes) {
        double peer = rows.get(0).mbps();
        System.out.printf(Locale.ROOT, "%n| %d CT instances, %.0f MB, A→B | jar | MB/s | seconds | first instance at"
                + " B: handed to its import route, or the GET's first byte (s) | first instance in B's PACS (s) |"
                + " node A CPU s | node B CPU s | A's PACS CPU s | ratio to movescu |%n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|%n", n, bytes / 1e6);
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %s | %s | %s | %.1f | %.2f |%n",
                    r.method(), r.jar(), r.mbps(), r.seconds(), f(r.firstHanded(), 2), f(r.firstAtB(), 2),
                    f(r.cpuA(), 1), f(r.cpuB(), 1), r.cpuPacs(), r.mbps() / peer);
        }
    }

    static String f(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The peer: movescu asks dcmqrscp to move the study to storescp. */
    static Row movescu(Path work, String study, int n, long bytes, Peer dcmqrscp, Path out) throws Exception {
        StorageBenchmark.fresh(out);
        double cpuPacs = dcmqrscp.cpu();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("movescu", "-S", "-aet", "MOVESCU", "-aec", PACS_A_AE, "-aem",
                "STORESCP", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1",
                String.valueOf(dcmqrscp.dicomPort)).redirectErrorStream(true)
                .redirectOutput(work.resolve("movescu.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        double[] times = awaitFiles(out, n, t0, null);
        p.waitFor(5, TimeUnit.MINUTES);
        return new Row("dcmtk movescu: dcmqrscp → storescp (peer)", "dcmtk", times[1], Double.NaN, times[0],
                Double.NaN, Double.NaN, dcmqrscp.cpu() - cpuPacs, bytes);
    }

    /** One WADO-RS GET of the whole study at node A, read to the end: time to its first byte and MB/s. */
    static Row wadoStudy(Node a, String study, long bytes, Peer orthanc, String jar) throws Exception {
        double cpuA = a.cpu();
        double cpuPacs = orthanc.cpu();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = a.http.send(HttpRequest.newBuilder(URI.create(a.base() + "/dicomweb/wado/studies/"
                        + study)).header("Authorization", basic(CONSUMER)).header("Accept",
                        "multipart/related; type=\"application/dicom\"; transfer-syntax=*")
                .timeout(Duration.ofMinutes(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long read = 0;
        double first = Double.NaN;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 16];
            int k;
            while ((k = in.read(buffer)) > 0) {
                if (read == 0) {
                    first = (System.nanoTime() - t0) / 1e9;
                }
                read += k;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r.statusCode() != 200 || read < bytes) {
            throw new IllegalStateException("WADO-RS study answered " + r.statusCode() + " with " + read + " bytes");
        }
        System.out.printf(Locale.ROOT, "[%s] WADO-RS GET of the whole study: first byte after %.2f s, %d bytes in %.1f"
                + " s%n", jar, first, read, seconds);
        return new Row("WADO-RS GET of the whole study at node A (one request; client reads, no PACS B)", jar, seconds,
                first, Double.NaN, a.cpu() - cpuA, Double.NaN, orthanc.cpu() - cpuPacs, bytes);
    }

    static Row importStudy(Node b, Node a, String method, String jar, String study, int n, long bytes, Path out,
                           Peer pacs, int storescpPort, int dcmqrscpPort) throws Exception {
        b.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nB-1," + B_ISSUER + "," + BSN + ",verified+validated,Dijk,Jürgen,19811231,M\n");
        b.call("PUT", "/api/institutions/pacs-b", "application/json", "{\"key\":\"pacs-b\",\"name\":\"PACS B\","
                + "\"patientIdIssuerOid\":\"" + B_ISSUER + "\",\"aeTitle\":\"STORESCP\",\"host\":\"127.0.0.1\","
                + "\"port\":" + storescpPort + ",\"tls\":false}");
        b.call("PUT", "/api/institutions/hospital-a", "application/json", "{\"key\":\"hospital-a\",\"name\":\"PACS"
                + " A\",\"patientIdIssuerOid\":\"" + LOCAL_ISSUER + "\",\"aeTitle\":\"" + PACS_A_AE + "\",\"host\":"
                + "\"127.0.0.1\",\"port\":" + dcmqrscpPort + ",\"tls\":false}");
        recordConsent(b); // B asks its own consent service before its query leaves (part 4)
        double cpuA = a.cpu();
        double cpuB = b.cpu();
        double cpuPacs = pacs.cpu();
        long t0 = System.nanoTime();
        String answer = b.call("POST", "/api/images/import", "application/json", "{\"localId\": \"B-1\","
                + " \"studyInstanceUid\": \"" + study + "\"}");
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(answer);
        if (!id.find()) {
            throw new IllegalStateException("the import answered " + answer);
        }
        // The first instance B's import route took: a row of its IMPORT job (the gateway's own record, as
        // ImportKillTest counts them); the import's own counts are written when its attempt ends.
        try (Connection sql = DriverManager.getConnection(PG + "?currentSchema=" + b.schema, "postgres", "")) {
            double[] times = awaitFiles(out, n, t0, () -> {
                String s = b.call("GET", "/api/images/imports/" + id.group(1), "application/json", "");
                if (s.contains("\"HELD\"")) {
                    throw new IllegalStateException("the import is HELD: " + s);
                }
                try (ResultSet r = sql.createStatement().executeQuery("select count(*) from job_instance i join job j"
                        + " on j.id = i.job_id where j.direction = 'IMPORT'")) {
                    return r.next() && r.getLong(1) > 0;
                }
            });
            return new Row(method.replace('_', '-') + " import at B (" + (method.equals("C_MOVE")
                    ? "from dcmqrscp A" : "from node A, Orthanc behind it") + ") into storescp B", jar, times[1],
                    times[2], times[0], a.cpu() - cpuA, b.cpu() - cpuB, pacs.cpu() - cpuPacs, bytes);
        }
    }

    interface Check {
        boolean met() throws Exception;
    }

    /** [first file, all n files, first handed (check)] in seconds since t0. */
    static double[] awaitFiles(Path dir, int n, long t0, Check handed) throws Exception {
        double first = Double.NaN;
        double firstHanded = Double.NaN;
        long deadline = System.currentTimeMillis() + 30 * 60_000L;
        long nextCheck = 0;
        while (System.currentTimeMillis() < deadline) {
            long count;
            try (Stream<Path> s = Files.list(dir)) {
                count = s.count();
            }
            double now = (System.nanoTime() - t0) / 1e9;
            if (count > 0 && Double.isNaN(first)) {
                first = now;
            }
            if (count >= n) {
                return new double[] {first, now, firstHanded};
            }
            if (handed != null && Double.isNaN(firstHanded) && System.currentTimeMillis() >= nextCheck) {
                if (handed.met()) {
                    firstHanded = (System.nanoTime() - t0) / 1e9;
                }
                nextCheck = System.currentTimeMillis() + 50;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("not all " + n + " instances arrived in " + dir);
    }

    static void awaitRegistered(String schema, String study) throws Exception {
        long deadline = System.currentTimeMillis() + 10 * 60_000L;
        try (Connection c = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", "")) {
            while (System.currentTimeMillis() < deadline) {
                try (PreparedStatement s = c.prepareStatement("select state, reason from job where destination ="
                        + " 'registry' and study_instance_uid = ?")) {
                    s.setString(1, study);
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            if ("DONE".equals(r.getString(1))) {
                                return;
                            }
                            if ("HELD".equals(r.getString(1))) {
                                throw new IllegalStateException("registration HELD: " + r.getString(2));
                            }
                        }
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the study was not registered in 10 minutes");
    }

    /** The patient's consent to image availability for B's organisation, recorded on a node's privacy console. */
    static void recordConsent(Node a) throws Exception {
        HttpClient console = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("privacy:" + PASSWORD).getBytes(
                StandardCharsets.UTF_8));
        HttpResponse<String> page = console.send(HttpRequest.newBuilder(URI.create(a.base() + "/privacy"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("the privacy officer's page answered " + page.statusCode());
        }
        String form = "_csrf=" + BgzBenchmark.enc(m.group(1)) + "&bsn=" + BSN + "&purpose=IMAGE_AVAILABILITY"
                + "&permits=true&scope=INSTITUTION&scopeValue=" + B_URA + "&method=WRITTEN";
        HttpResponse<String> r = console.send(HttpRequest.newBuilder(URI.create(a.base() + "/privacy/consents/record"))
                .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("recording the consent answered " + r.statusCode());
        }
    }

    /** Node A: registry, and source with Orthanc (DICOMweb) as its own PACS; registers with its own ITI-42. */
    static Node.Config configA(int orthancHttp) {
        return (httpPort, dicomPort) -> String.join("\n",
                "  audit: {organisation-ura: '" + A_URA + "'}",
                "  users:",
                "    - {name: bench, password: '{noop}" + PASSWORD + "', roles: [ADMIN, OPERATOR]}",
                "    - {name: privacy, password: '{noop}" + PASSWORD + "', roles: [PRIVACY_OFFICER]}",
                "    - {name: " + SOURCE + ", password: '{noop}" + PASSWORD + "', roles: [SENDER]}",
                "    - {name: " + CONSUMER + ", password: '{noop}" + PASSWORD + "', roles: [SENDER]}",
                "  registry:",
                "    enabled: true",
                "    requesters:",
                "      - {user: " + CONSUMER + ", ura: '" + B_URA + "', institution-type: V4}",
                "    source:",
                "      enabled: true",
                "      url: http://127.0.0.1:" + httpPort + "/services/xds-iti42",
                "      user: " + SOURCE,
                "      password: " + PASSWORD,
                "      source-id: 2.16.528.1.1007.99.5",
                "      repository-unique-id: " + REPOSITORY,
                "      institution: Ziekenhuis A",
                "      institution-oid: " + LOCAL_ISSUER,
                "      pacs: {url: 'http://127.0.0.1:" + orthancHttp + "/dicom-web'}",
                "  gateway:",
                "    port: " + dicomPort,
                "    calling-ae-title: ZORGBRUG_A",
                "    local-issuer: " + LOCAL_ISSUER,
                "    quiet-time: " + QUIET,
                "    routes:",
                "      - {name: register, called-ae-title: ZB_REGISTER, direction: EXPORT, destination: registry}");
    }

    /** Node B: consumer of A's registry, importing by {@code method} into its import route to PACS B. */
    static Node.Config configB(int aPort, String method, int moveDestinationPort) {
        String a = "http://127.0.0.1:" + aPort;
        return (httpPort, dicomPort) -> String.join("\n",
                "  audit: {organisation-ura: '" + B_URA + "'}",
                "  consent: {institution-type: V4}",
                "  users:",
                "    - {name: bench, password: '{noop}" + PASSWORD + "', roles: [ADMIN, OPERATOR]}",
                "    - {name: privacy, password: '{noop}" + PASSWORD + "', roles: [PRIVACY_OFFICER]}",
                "  registry:",
                "    move-destination: {ae-title: " + MOVE_AE + ", port: " + moveDestinationPort
                        + ", host: 127.0.0.1}",
                "    consumer:",
                "      enabled: true",
                "      url: " + a + "/services/xds-iti18",
                "      user: " + CONSUMER,
                "      password: " + PASSWORD,
                "      institution: Ziekenhuis B",
                "      import-route: import",
                "      repositories:",
                "        - repository-unique-id: " + REPOSITORY,
                "          iti43-url: " + a + "/services/xds-iti43",
                "          rad69-url: " + a + "/services/xdsi-rad69",
                "          wado-rs-url: " + a + "/dicomweb/wado",
                "          institution: hospital-a",
                "          retrieval: " + method,
                "          user: " + CONSUMER,
                "          password: " + PASSWORD,
                "  gateway:",
                "    port: " + dicomPort,
                "    calling-ae-title: ZORGBRUG_B",
                "    local-issuer: " + B_ISSUER,
                "    quiet-time: " + QUIET,
                "    routes:",
                "      - {name: import, called-ae-title: ZB_IMPORT, direction: IMPORT, destination: pacs-b}");
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** dcmqrscp as hospital A's DIMSE PACS, knowing storescp (movescu's destination) and B's move destination. */
    static Peer dcmqrscp(Path dir, int storescpPort, int moveDestinationPort) throws Exception {
        Path db = Files.createDirectories(dir.resolve("db"));
        int port = StorageBenchmark.freePort();
        Path cfg = dir.resolve("dcmqrscp.cfg");
        // As /etc/dcmtk/dcmqrscp.cfg leaves it (MaxPDUSize 16384), one study of up to 2 GB.
        Files.writeString(cfg, "MaxPDUSize = 16384\nMaxAssociations = 16\n"
                + "HostTable BEGIN\nstorescp = (STORESCP, 127.0.0.1, " + storescpPort + ")\n"
                + "zbmove = (" + MOVE_AE + ", 127.0.0.1, " + moveDestinationPort + ")\nHostTable END\n"
                + "VendorTable BEGIN\nVendorTable END\n"
                + "AETable BEGIN\n" + PACS_A_AE + " " + db + " RW (10, 2048mb) ANY\nAETable END\n");
        Peer p = Peer.start(dir.resolve("dcmqrscp.log"), "dcmqrscp", "-c", cfg.toString(), String.valueOf(port));
        p.dicomPort = port;
        Peer.awaitPort(port);
        return p;
    }

    /** A peer process (dcmtk with TCP_NODELAY=1, or Orthanc); CPU of it and its reaped children from /proc. */
    static class Peer implements AutoCloseable {
        final Process process;
        int dicomPort;
        int httpPort;

        Peer(Process process) {
            this.process = process;
        }

        static Peer start(Path log, String... command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("TCP_NODELAY", "1");
            return new Peer(pb.start());
        }

        static void awaitPort(int port) throws Exception {
            for (int i = 0; i < 200; i++) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("nothing listens on " + port);
        }

        double cpu() throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / 100.0;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
        }
    }

    /** Orthanc 1.10 as Debian installs it, with its DICOMweb plugin (/dicom-web/). */
    static final class Orthanc {
        static Peer start(Path dir) throws Exception {
            int http = StorageBenchmark.freePort();
            int dicom = StorageBenchmark.freePort();
            Path db = Files.createDirectories(dir.resolve("db"));
            Path cfg = dir.resolve("orthanc.json");
            Files.writeString(cfg, "{ \"Name\": \"pacs-a\", \"StorageDirectory\": \"" + db + "\", \"IndexDirectory\": \""
                    + db + "\", \"HttpPort\": " + http + ", \"DicomPort\": " + dicom + ", \"DicomAet\": \"ORTHANC\","
                    + " \"RemoteAccessAllowed\": false, \"AuthenticationEnabled\": false, \"SaveJobs\": false,"
                    + " \"Plugins\": [\"/usr/share/orthanc/plugins/libOrthancDicomWeb.so\"],"
                    + " \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" } }\n");
            Peer p = Peer.start(dir.resolve("orthanc.log"), "/usr/sbin/Orthanc", "--no-jobs", cfg.toString());
            p.httpPort = http;
            p.dicomPort = dicom;
            Peer.awaitPort(http);
            Peer.awaitPort(dicom);
            return p;
        }
    }

    /** A node as deployed: java -jar zorgbrug.jar serve on a PostgreSQL schema of its own, dropped after. */
    static final class Node implements AutoCloseable {
        interface Config {
            String zorgbrug(int httpPort, int dicomPort);
        }

        final Process process;
        final int httpPort;
        final int dicomPort;
        final String schema;
        final Path dir;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        private Node(Process process, int httpPort, int dicomPort, String schema, Path dir) {
            this.process = process;
            this.httpPort = httpPort;
            this.dicomPort = dicomPort;
            this.schema = schema;
            this.dir = dir;
        }

        static Node start(Path dir, Path jar, String schema, Config config) throws Exception {
            StorageBenchmark.fresh(dir);
            dropSchema(schema);
            int httpPort = StorageBenchmark.freePort();
            int dicomPort = StorageBenchmark.freePort();
            Files.writeString(dir.resolve("node.yml"), String.join("\n",
                    "server.port: " + httpPort,
                    "spring.datasource.url: " + PG + "?currentSchema=" + schema,
                    "spring.datasource.username: postgres",
                    "spring.flyway.schemas: " + schema,
                    "zorgbrug:",
                    "  data-dir: " + dir.resolve("data"),
                    config.zorgbrug(httpPort, dicomPort), ""));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            String jvm = System.getProperty("bench.node.jvm", "").trim();
            if (!jvm.isEmpty()) {
                command.addAll(List.of(jvm.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "serve", "--config", dir.resolve("node.yml").toString()));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Node node = new Node(process, httpPort, dicomPort, schema, dir);
            long deadline = System.currentTimeMillis() + 180_000;
            while (true) {
                try {
                    if (node.http.send(HttpRequest.newBuilder(URI.create(node.base() + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return node;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                    node.close();
                    throw new IllegalStateException("the node did not start; see " + dir.resolve("node.log"));
                }
                Thread.sleep(200);
            }
        }

        String base() {
            return "http://127.0.0.1:" + httpPort;
        }

        double cpu() throws IOException {
            return GatewayBenchmark.cpuSeconds(process.pid());
        }

        String call(String method, String path, String type, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(("bench:" + PASSWORD).getBytes(
                            StandardCharsets.UTF_8))).timeout(Duration.ofMinutes(2));
            b = method.equals("GET") ? b.GET() : b.header("Content-Type", type).method(method,
                    HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body()
                        + "; see " + dir.resolve("node.log"));
            }
            return r.body();
        }

        static void dropSchema(String schema) throws Exception {
            try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
                c.createStatement().execute("drop schema if exists " + schema + " cascade");
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            dropSchema(schema);
        }
    }
}
