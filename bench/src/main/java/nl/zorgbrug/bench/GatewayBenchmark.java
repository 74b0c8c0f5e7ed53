package nl.zorgbrug.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.Arrivals;
import nl.zorgbrug.gateway.delivery.CStoreTransport;
import nl.zorgbrug.gateway.delivery.JobDelivery;
import nl.zorgbrug.gateway.delivery.Transports;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.inbound.EmergencyWakeUp;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.CharsetCheck;
import nl.zorgbrug.gateway.route.Classify;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Issue 5's benchmark, one run, same machine: a CT study of N × 512 KB sent with dcmtk storescu
 * (a) straight to dcmtk storescp (the baseline), (b) through the Zorgbrug gateway with the export swap,
 * (c) through Orthanc with a Lua script that changes PatientID/IssuerOfPatientID and forwards. The clock
 * runs from the start of storescu until the last object is at storescp. Then the per-image latency of
 * the gateway in emergency mode (our SCU → gateway → our SCP, arrival minus acknowledgement), and the
 * gateway's heap and RSS. Usage: GatewayBenchmark WORKDIR [images=2000]; system properties bench.rows,
 * bench.rounds and bench.node.jvm run a subset, repeated (see {@link #quick}).
 */
public final class GatewayBenchmark {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/target/bench-gateway").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Files.createDirectories(work);
        // A directory per count: storescu +sd sends every file of the directory, also those of a larger earlier run.
        List<Path> images = corpus(work.resolve("images-" + n), n);
        long bytes = 0;
        for (Path p : images) {
            bytes += Files.size(p);
        }
        StorageBenchmark.pageCache(images);

        // Quick comparisons (docs/benchmarks.md): -Dbench.rows=gateway,node runs only those rows (any of direct,
        // gateway, node, node-noaudit, postgres, postgres-noaudit, orthanc, latency; default all but the -noaudit
        // ones: the node with auditing off, issue 17), -Dbench.rounds=N repeats them in turn, and
        // -Dbench.node.jvm="..." passes options to the node's JVM (a flight recording, say), -Dbench.warmup=N warms the
        // node with batches of N images instead of as many as are measured, -Dbench.warmup.batches=M at most M of them,
        // -Dbench.warmup.jit=F until the JIT compiler took less than F of the node's CPU in a batch (default 0.1).
        Set<String> rows = Set.of(System.getProperty("bench.rows", "direct,gateway,node,postgres,orthanc,latency")
                .split(","));
        int rounds = Integer.getInteger("bench.rounds", 1);
        if (rounds > 1 || !rows.containsAll(Set.of("direct", "gateway", "node", "postgres", "orthanc", "latency"))) {
            quick(work, images, n, bytes, rows, rounds);
            return;
        }

        // The gateway is a long-running server: measure it with its code compiled by the JIT, as it runs in a
        // hospital after its first minutes, not while the JVM is still interpreting. One pass of up to 300
        // images through a gateway warms it; storescp and Orthanc are native code and need no warm-up.
        throughGateway(work, images.subList(0, Math.min(300, images.size())));
        StorageBenchmark.sync();
        Run direct = direct(work, images);
        StorageBenchmark.sync();
        Run gateway = throughGateway(work, images);
        StorageBenchmark.sync();
        Path jar = nodeJar();
        Run node = Files.exists(jar) ? throughNode(work, images, jar, null) : null;
        StorageBenchmark.sync();
        // The node on the PostgreSQL of this machine (127.0.0.1:5432, database test), in a schema of its own.
        String schema = "zb_bench_" + Long.toHexString(System.nanoTime());
        Run postgres = Files.exists(jar) && postgresUp() ? throughNode(work, images, jar, schema) : null;
        StorageBenchmark.sync();
        Run orthanc = throughOrthanc(work, images);
        long[] latencies = emergencyLatencies(work, images.subList(0, Math.min(200, images.size())));
        long rss = rssKb();

        double mb = bytes / 1e6;
        System.out.println();
        System.out.printf(Locale.ROOT, "| %d CT images 512x512x16 (%.0f MB), storescu until the last object is at storescp"
                + " | seconds | images/s | MB/s | ratio to direct | CPU s, all processes | floor on 2 cores (CPU/2) |%n", n, mb);
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        row("storescu → storescp, direct (baseline)", direct, n, mb, direct.seconds());
        row("storescu → Zorgbrug gateway (export swap, spool fsync, emergency mode) → storescp", gateway, n, mb,
                direct.seconds());
        if (node != null) {
            row("storescu → Zorgbrug node (`bin/zorgbrug serve`: H2 job rows, export swap, spool fsync, emergency) → storescp",
                    node, n, mb, direct.seconds());
        }
        if (postgres != null) {
            row("storescu → Zorgbrug node on PostgreSQL 15 (job rows, export swap, spool fsync, emergency) → storescp",
                    postgres, n, mb, direct.seconds());
        }
        row("storescu → Orthanc 1.10 (Lua: modify PatientID/IssuerOfPatientID, forward) → storescp", orthanc, n, mb,
                direct.seconds());
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%nEmergency mode, %d images one by one (our SCU → gateway → our SCP): per-image"
                        + " latency from the sender's Success to arrival at the destination p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.length, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                latencies[latencies.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "Gateway (in this JVM): peak heap %.0f MiB, peak RSS %.0f MiB%n",
                peakHeap() / 1048576.0, rss / 1024.0);
    }

    static Path nodeJar() {
        return Path.of(System.getProperty("zorgbrug.jar", "app/target/zorgbrug.jar"));
    }

    /**
     * The selected rows only, {@code rounds} times in turn (on a shared machine, compare rows within one
     * round), with the ratio of each to the in-JVM gateway of its round when that row was run.
     */
    static void quick(Path work, List<Path> images, int n, long bytes, Set<String> rows, int rounds) throws Exception {
        if (rows.contains("gateway")) {
            throughGateway(work, images.subList(0, Math.min(300, images.size())));
        }
        double mb = bytes / 1e6;
        Path jar = nodeJar();
        System.out.printf(Locale.ROOT, "%n| round | %d CT images (%.0f MB) | seconds | images/s | ratio to gateway"
                + " | CPU ms per image (gateway: whole benchmark JVM) | of which the JIT compiler |%n", n, mb);
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        List<String> ratios = new java.util.ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Map<String, Run> runs = new java.util.LinkedHashMap<>();
            if (rows.contains("direct")) {
                StorageBenchmark.sync();
                runs.put("direct", direct(work, images));
            }
            if (rows.contains("gateway")) {
                StorageBenchmark.sync();
                runs.put("gateway", throughGateway(work, images));
            }
            // Issue 17's pairs, auditing on and off: in even rounds off goes first, so a machine that grows busier
            // (or quieter) during the run does not always favour the same one of the pair.
            List<String> pairs = new java.util.ArrayList<>();
            for (String[] pair : List.of(new String[] {"node", "node-noaudit"}, new String[] {"postgres", "postgres-noaudit"})) {
                List<String> both = round % 2 == 0 ? List.of(pair[1], pair[0]) : List.of(pair[0], pair[1]);
                pairs.addAll(both);
            }
            for (String row : pairs) {
                if (!rows.contains(row) || (row.startsWith("postgres") && !postgresUp())) {
                    continue;
                }
                StorageBenchmark.sync();
                boolean audit = !row.endsWith("-noaudit");
                String schema = row.startsWith("postgres") ? "zb_bench_" + Long.toHexString(System.nanoTime()) : null;
                runs.put(ROW_NAMES.get(row), throughNode(work, images, jar, schema, audit));
            }
            if (rows.contains("orthanc")) {
                StorageBenchmark.sync();
                runs.put("Orthanc", throughOrthanc(work, images));
            }
            Run gateway = runs.get("gateway");
            for (Map.Entry<String, Run> e : runs.entrySet()) {
                Run r = e.getValue();
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.0f | %s | %s | %s |%n", round, e.getKey(), r.seconds(),
                        n / r.seconds(), gateway == null ? "" : String.format(Locale.ROOT, "%.2f×", gateway.seconds() / r.seconds()),
                        Double.isNaN(r.cpuSeconds()) ? "" : String.format(Locale.ROOT, "%.1f", r.cpuSeconds() * 1000 / n),
                        Double.isNaN(r.compilerSeconds()) ? "" : String.format(Locale.ROOT, "%.2f", r.compilerSeconds() * 1000 / n));
            }
            for (String[] pair : List.of(new String[] {"node", "node-noaudit"}, new String[] {"postgres", "postgres-noaudit"})) {
                Run on = runs.get(ROW_NAMES.get(pair[0]));
                Run off = runs.get(ROW_NAMES.get(pair[1]));
                if (on != null && off != null) {
                    ratios.add(String.format(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.3f | %.2f | %.2f | %+.1f %% |", round,
                            pair[0], n / on.seconds(), n / off.seconds(), off.seconds() / on.seconds(),
                            (on.cpuSeconds() - on.compilerSeconds()) * 1000 / n,
                            (off.cpuSeconds() - off.compilerSeconds()) * 1000 / n,
                            100 * ((on.cpuSeconds() - on.compilerSeconds()) / (off.cpuSeconds() - off.compilerSeconds()) - 1)));
                }
            }
        }
        if (!ratios.isEmpty()) {
            // Issue 17's figure: images/s with auditing on over images/s with it off (target ≥ 0.95), and the node's CPU
            // per image without its JIT compiler threads (what a warmed node spends per image).
            System.out.printf(Locale.ROOT, "%n| round | row | images/s on | images/s off | ratio on/off | CPU ms per image"
                    + " without the JIT, on | off | on vs off |%n|---|---|---:|---:|---:|---:|---:|---:|%n");
            ratios.forEach(System.out::println);
        }
        if (rows.contains("latency")) {
            long[] latencies = emergencyLatencies(work, images.subList(0, Math.min(200, images.size())));
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "%nEmergency mode latency p50 %.1f ms, p99 %.1f ms%n",
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
        }
    }

    /** The quick rows of the node as the table names them. */
    private static final Map<String, String> ROW_NAMES = Map.of("node", "node H2", "node-noaudit", "node H2, auditing off",
            "postgres", "node PostgreSQL", "postgres-noaudit", "node PostgreSQL, auditing off");

    static void row(String name, Run run, int n, double mb, double baseline) {
        double seconds = run.seconds();
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.2f× | %.1f | %.1f s |%n", name, seconds, n / seconds,
                mb / seconds, baseline / seconds, run.allCpuSeconds(), run.allCpuSeconds() / 2);
    }

    /** CT images of 512×512×16 bit of one study of the local test patient. */
    public static List<Path> corpus(Path dir, int n) throws IOException {
        return corpus(dir, n, "2.25.5151");
    }

    /** As {@link #corpus(Path, int)}, for another study: UIDs start with {@code prefix}. */
    static List<Path> corpus(Path dir, int n, String prefix) throws IOException {
        DataSet patient = new DataSet();
        patient.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100"); // Latin-1 names, as the images declare
        patient.setString(Tag.StudyDate, VR.DA, "20261125");
        patient.setString(Tag.AccessionNumber, VR.SH, "BENCH1");
        patient.setString(Tag.PatientName, VR.PN, "Dijk^Jürgen");
        patient.setString(Tag.PatientID, VR.LO, "BENCH-1");
        patient.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        patient.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        patient.setString(Tag.PatientSex, VR.CS, "M");
        return StorageBenchmark.ctStudy(dir, n, prefix + "0", prefix, patient);
    }

    /** A gateway like the node's, in this JVM: export route (urgent) to the given destination. */
    static final class Gateway implements AutoCloseable {
        final Acceptor acceptor;
        final JobRunner runner;

        Gateway(Path dir, String destAe, int destPort) throws IOException {
            CsvMasterPatientIndex mpi = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("BENCH-1", LOCAL_ISSUER,
                    Bsn.parse("999911120"), BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231", "M")));
            SwapPolicy policy = SwapPolicy.of(LOCAL_ISSUER);
            Route export = new Route("export", "ZB_EXPORT", Direction.EXPORT, "dest", true, List.of(new CharsetCheck(),
                    new Classify(new BsnClassifier(ExemptionRules.none())), Swap.export(policy, mpi)));
            InMemoryAddressBook book = new InMemoryAddressBook();
            book.save(new Institution("dest", "Destination", null, null, null, destAe, "127.0.0.1", destPort, false,
                    null, null, null));
            InMemoryJobRepository jobs = new InMemoryJobRepository();
            Clock clock = Clock.systemUTC();
            Transactions transactions = Transactions.none();
            EventHub events = EventHub.inMemory(transactions);
            JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, clock, transactions, JobAlerts.logged(), events);
            Spool spool = new Spool(StorageBenchmark.fresh(dir.resolve("spool")));
            Arrivals arrivals = new Arrivals();
            CStoreTransport cStore = CStoreTransport.builder("ZORGBRUG", new Connector(AssociationOptions.DEFAULT))
                    .emergency(arrivals, Duration.ofSeconds(2)).build();
            JobDelivery delivery = new JobDelivery(new JobDelivery.Parts(spool, book, job -> export, manager, jobs,
                    Transports.of(cStore), clock));
            runner = new JobRunner(jobs, delivery, clock, Duration.ofMillis(200), 2).start();
            events.subscribe(new EmergencyWakeUp(arrivals, runner::wake));
            GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(spool, List.of(export),
                    manager, jobs, new InMemoryQuarantine(), Duration.ZERO, clock, events)));
            DicomServer server = new DicomServer(Map.of("ZB_EXPORT", Set.of()), handler);
            acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 50).start(InetAddress.getLoopbackAddress(), 0);
        }

        @Override
        public void close() {
            runner.close();
            acceptor.close();
        }
    }

    public static Run direct(Path work, List<Path> images) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-direct"));
        int port = StorageBenchmark.freePort();
        Process scp = StorageBenchmark.storescp(work, out, port);
        try {
            return timedSend(work, images, port, "STORESCP", out, -1, scp.pid());
        } finally {
            stop(scp);
            StorageBenchmark.fresh(out);
        }
    }

    public static Run throughGateway(Path work, List<Path> images) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-gateway"));
        int port = StorageBenchmark.freePort();
        Process scp = StorageBenchmark.storescp(work, out, port);
        try (Gateway gateway = new Gateway(work.resolve("gw"), "STORESCP", port)) {
            return timedSend(work, images, gateway.acceptor.port(), "ZB_EXPORT", out, ProcessHandle.current().pid(),
                    scp.pid());
        } finally {
            stop(scp);
            StorageBenchmark.fresh(out);
        }
    }

    /**
     * The node as a hospital runs it: {@code java -jar zorgbrug.jar serve} with its embedded H2 database
     * (every job row committed before Success), an urgent export route, the MPI and address book filled
     * over its REST API. Warmed before the clock starts with batches of as many images as are measured (each a
     * study of its own; {@code -Dbench.warmup=N} for another number) until its JIT compiler is mostly done.
     */
    static boolean postgresUp() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 500);
            return true;
        } catch (IOException e) {
            System.err.println("PostgreSQL is not on 127.0.0.1:5432; the node runs on H2 only");
            return false;
        }
    }

    /** @param postgresSchema null: the embedded H2; else a new schema in PostgreSQL's database test, dropped after */
    static Run throughNode(Path work, List<Path> images, Path jar, String postgresSchema) throws Exception {
        return throughNode(work, images, jar, postgresSchema, true);
    }

    /**
     * As {@link #throughNode(Path, List, Path, String)}; with {@code audit} false the node runs with
     * {@code zorgbrug.audit.enabled: false} (benchmark only: the gateway's events neither in the outbox nor in the
     * trail), for issue 17's "images/s with auditing on and off, in one run".
     */
    static Run throughNode(Path work, List<Path> images, Path jar, String postgresSchema, boolean audit)
            throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-node"));
        int scpPort = StorageBenchmark.freePort();
        Process scp = StorageBenchmark.storescp(work, out, scpPort);
        try (Node node = Node.start(work, jar, postgresSchema, audit, scpPort)) {
            node.warm(work, out, images.size());
            return timedSend(work, images, node.dicomPort, "ZB_EXPORT", out, node.process.pid(), scp.pid());
        } finally {
            stop(scp);
            StorageBenchmark.fresh(out);
        }
    }

    /**
     * A node as a hospital runs it ({@code java -jar zorgbrug.jar serve}), configured over its REST API with the
     * test patient in its MPI and an urgent export route to the institution {@code dest}; closing it stops the
     * process and drops its PostgreSQL schema, if any.
     */
    static final class Node implements AutoCloseable {
        final Process process;
        final int dicomPort;
        final int httpPort;
        final Path dir;
        final String postgresSchema;
        final HttpClient http = HttpClient.newHttpClient();
        final String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("bench:bench".getBytes());

        private Node(Process process, int dicomPort, int httpPort, Path dir, String postgresSchema) {
            this.process = process;
            this.dicomPort = dicomPort;
            this.httpPort = httpPort;
            this.dir = dir;
            this.postgresSchema = postgresSchema;
        }

        /** @param postgresSchema null: the embedded H2; else a new schema in PostgreSQL's database test, dropped after */
        static Node start(Path work, Path jar, String postgresSchema, boolean audit, int scpPort) throws Exception {
            Path dir = StorageBenchmark.fresh(work.resolve("node"));
            int dicomPort = StorageBenchmark.freePort();
            int httpPort = StorageBenchmark.freePort();
            Files.writeString(dir.resolve("node.yml"), String.join("\n",
                    "server.port: " + httpPort,
                    postgresSchema == null ? "" : "spring.datasource.url: jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
                            + postgresSchema + "\nspring.datasource.username: postgres\nspring.flyway.schemas: " + postgresSchema,
                    "zorgbrug:",
                    "  data-dir: " + dir.resolve("data"),
                    "  users:",
                    "    - {name: bench, password: '{noop}bench', roles: [ADMIN, OPERATOR]}",
                    "  gateway:",
                    "    port: " + dicomPort,
                    "    local-issuer: " + LOCAL_ISSUER,
                    "    routes:",
                    "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: dest, urgent: true}",
                    audit ? "" : "  audit:\n    enabled: false",
                    ""));
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            String nodeJvm = System.getProperty("bench.node.jvm", "").trim();
            if (!nodeJvm.isEmpty()) {
                command.addAll(List.of(nodeJvm.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString(), "serve", "--config", dir.resolve("node.yml").toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
            Node node = new Node(process, dicomPort, httpPort, dir, postgresSchema);
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (true) {
                    try {
                        if (node.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                                .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                            break;
                        }
                    } catch (IOException notYet) {
                        // starting
                    }
                    if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("the node did not start; see " + dir.resolve("node.log"));
                    }
                    Thread.sleep(200);
                }
                node.call("POST", "/api/mpi/import", "text/csv",
                        "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                                + "BENCH-1," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
                node.destination(scpPort);
                return node;
            } catch (Exception e) {
                node.close();
                throw e;
            }
        }

        /** Points the institution {@code dest} (the export route's destination) at a storescp on {@code port}. */
        void destination(int scpPort) throws Exception {
            call("PUT", "/api/institutions/dest", "application/json",
                    "{\"key\":\"dest\",\"name\":\"Destination\",\"aeTitle\":\"STORESCP\",\"host\":\"127.0.0.1\","
                            + "\"port\":" + scpPort + ",\"tls\":false}");
        }

        private void call(String method, String path, String type, String body) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", auth).header("Content-Type", type)
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
        }

        /**
         * Waits until no job is in progress: a delivery keeps its association open for emergency-linger after its
         * last image, and storescp serves one association at a time, so a clock started earlier would measure the wait.
         */
        void awaitIdle() throws Exception {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs?state=IN_PROGRESS"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body().equals("[]")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the node's deliveries did not end; see " + dir.resolve("node.log"));
                }
                Thread.sleep(100);
            }
        }

        /**
         * Warm-up batches not counted, each of {@code count} images (or -Dbench.warmup) and a study of its own (so
         * the measured objects are new), until the JIT compiler's share of the node's CPU in a batch falls under a
         * tenth (-Dbench.warmup.jit), at most -Dbench.warmup.batches (default 4). Issue 17: after one batch of 300,
         * and again after one of 2000, the compiler still took 30-40 % of the node's CPU while 2000 were measured (C2
         * compiles a method after some 5,000-15,000 calls or loops): a row would compare the compiler's timing, not
         * the steady state of a node that has run for hours. Ends with the node idle and its compiler quiet.
         */
        void warm(Path work, Path out, int count) throws Exception {
            int warmCount = Integer.getInteger("bench.warmup", count);
            int warmBatches = Integer.getInteger("bench.warmup.batches", 4);
            // Warm until the JIT compiler's share of the node's CPU in a batch is below this (or the batches run out):
            // methods used about once per image reach C2's thresholds only after 5,000-15,000 images.
            double jitShare = Double.parseDouble(System.getProperty("bench.warmup.jit", "0.1"));
            for (int batch = 1; batch <= warmBatches; batch++) {
                List<Path> warm = batch == 1 ? corpus(work.resolve("images-warm-" + warmCount), warmCount, "2.25.6161")
                        : corpus(work.resolve("images-warm-" + warmCount + "-" + batch), warmCount, "2.25.6161" + batch);
                double cpuBefore = cpuSeconds(process.pid());
                double jitBefore = compilerCpu(process.pid());
                StorageBenchmark.storescu(work, warm.get(0).getParent(), dicomPort, "ZB_EXPORT");
                awaitFiles(out, warm.size());
                awaitIdle();
                StorageBenchmark.fresh(out);
                double cpu = cpuSeconds(process.pid()) - cpuBefore;
                double jit = compilerCpu(process.pid()) - jitBefore;
                System.out.printf(Locale.ROOT, "    warm-up %d: %d images, node CPU %.1f ms per image, JIT compiler %.2f%n",
                        batch, warm.size(), cpu * 1000 / warm.size(), jit * 1000 / warm.size());
                if (jit < jitShare * cpu) {
                    break;
                }
            }
            StorageBenchmark.fresh(out);
            awaitCompilerQuiet(process.pid());
        }

        @Override
        public void close() throws Exception {
            stop(process);
            if (postgresSchema != null) {
                new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                        "set client_min_messages = warning; drop schema if exists " + postgresSchema + " cascade").inheritIO().start().waitFor();
            }
        }
    }

    static Run throughOrthanc(Path work, List<Path> images) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-orthanc"));
        Path dir = StorageBenchmark.fresh(work.resolve("orthanc"));
        int scpPort = StorageBenchmark.freePort();
        int dicomPort = StorageBenchmark.freePort();
        int httpPort = StorageBenchmark.freePort();
        Files.writeString(dir.resolve("route.lua"), String.join("\n",
                "-- Change the patient ID to the BSN with its issuer, then forward, as a Zorgbrug export would.",
                "function OnStoredInstance(instanceId, tags, metadata, origin)",
                "  if origin['RequestOrigin'] ~= 'Lua' then",
                "    local replace = {}",
                "    replace['PatientID'] = '999911120'",
                "    replace['IssuerOfPatientID'] = '" + Bsn.ISSUER_OID + "'",
                "    local command = {}",
                "    command['Replace'] = replace",
                "    command['Force'] = true",
                "    local modified = RestApiPost('/instances/' .. instanceId .. '/modify', DumpJson(command, true))",
                "    local modifiedId = ParseJson(RestApiPost('/instances/', modified))['ID']",
                "    SendToModality(modifiedId, 'dest')",
                "    Delete(modifiedId)",
                "    Delete(instanceId)",
                "  end",
                "end", ""));
        Files.writeString(dir.resolve("orthanc.json"), "{\n"
                + "  \"Name\": \"bench\", \"StorageDirectory\": \"" + dir.resolve("db") + "\",\n"
                + "  \"IndexDirectory\": \"" + dir.resolve("db") + "\", \"HttpPort\": " + httpPort + ",\n"
                + "  \"DicomPort\": " + dicomPort + ", \"DicomAet\": \"ORTHANC\", \"RemoteAccessAllowed\": false,\n"
                + "  \"AuthenticationEnabled\": false, \"Plugins\": [], \"DicomAlwaysAllowStore\": true,\n"
                + "  \"DicomCheckCalledAet\": false, \"LuaScripts\": [\"" + dir.resolve("route.lua") + "\"],\n"
                + "  \"DicomModalities\": { \"dest\": [\"STORESCP\", \"127.0.0.1\", " + scpPort + "] }\n}\n");
        Process scp = StorageBenchmark.storescp(work, out, scpPort);
        ProcessBuilder ob = new ProcessBuilder("/usr/sbin/Orthanc", "--no-jobs", dir.resolve("orthanc.json").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile());
        ob.environment().put("TCP_NODELAY", "1");
        Process orthanc = ob.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/system")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("Orthanc did not start; see " + dir);
                    }
                    Thread.sleep(100);
                }
            }
            Thread.sleep(500);
            return timedSend(work, images, dicomPort, "ORTHANC", out, orthanc.pid(), scp.pid());
        } finally {
            stop(orthanc, scp);
            StorageBenchmark.fresh(out);
        }
    }

    /**
     * Sends the study with storescu and waits until all of it is at storescp: the seconds it took, the CPU
     * seconds the process {@code pid} used meanwhile (the gateway's or node's work per image, which on a shared
     * machine varies less than the wall clock; pid -1: none in between), and the CPU seconds of every process of
     * the row (storescu, the one in between, storescp). On 2 cores no row can take less wall time than half its
     * CPU time.
     */
    static Run timedSend(Path work, List<Path> images, int port, String calledAe, Path out, long pid, long scpPid)
            throws Exception {
        double cpu = cpuSeconds(pid);
        double compiler = pid < 0 ? Double.NaN : compilerCpu(pid);
        double scpCpu = cpuSeconds(scpPid);
        boolean byThread = Boolean.getBoolean("bench.threads") && pid >= 0;
        Map<String, Double> threads = byThread ? threadCpu(pid) : Map.of();
        Map<String, Long> io = byThread ? processIo(pid) : Map.of();
        long t = System.nanoTime();
        double senderCpu = storescuCpu(work, images.get(0).getParent(), port, calledAe);
        awaitFiles(out, images.size());
        double seconds = (System.nanoTime() - t) / 1e9;
        double between = cpuSeconds(pid) - cpu;
        double compiled = pid < 0 ? Double.NaN : compilerCpu(pid) - compiler;
        double all = senderCpu + (cpuSeconds(scpPid) - scpCpu) + (pid < 0 ? 0 : between);
        Run run = new Run(seconds, between, all, compiled);
        if (!threads.isEmpty()) {
            // -Dbench.threads=true: where the process's CPU went, by thread (digits folded), busiest first.
            Map<String, Double> after = threadCpu(pid);
            after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threads.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() > 0.005).sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %-28s %6.2f s CPU%n", e.getKey(), e.getValue()));
            // And its user and system time, system calls and bytes, per image (from /proc/PID/stat and io).
            Map<String, Long> ioAfter = processIo(pid);
            StringBuilder line = new StringBuilder("    per image:");
            for (Map.Entry<String, Long> e : ioAfter.entrySet()) {
                line.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(),
                        (e.getValue() - io.getOrDefault(e.getKey(), 0L)) / (double) images.size()));
            }
            System.out.println(line);
        }
        return run;
    }

    /**
     * Waits (at most two minutes) until the JIT compiler threads of a freshly started JVM have been idle for a
     * second. A Spring Boot node leaves C2 a backlog of startup code that kept it busy for 40% of the samples of
     * a 15-second run on 2 cores (perf, 2026-11-25): measured before it drains, the node would be charged for
     * its start, not for its work; the in-JVM gateway is measured in a JVM that has long been running.
     */
    static void awaitCompilerQuiet(long pid) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        double before = compilerCpu(pid);
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            double now = compilerCpu(pid);
            if (now - before < 0.05) {
                return;
            }
            before = now;
        }
        System.err.println("the node's JIT compiler was still busy after two minutes; measuring anyway");
    }

    static double compilerCpu(long pid) throws IOException {
        return threadCpu(pid).entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * The process's user and system time (ms) and its I/O counters from /proc (syscr, syscw: read and write
     * system calls; rchar, wchar: bytes through them, sockets included), for -Dbench.threads.
     */
    static Map<String, Long> processIo(long pid) throws IOException {
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        values.put("user-ms", Long.parseLong(f[11]) * 10);
        values.put("sys-ms", Long.parseLong(f[12]) * 10);
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
            String[] kv = line.split(":\\s*");
            if (kv[0].equals("syscr") || kv[0].equals("syscw") || kv[0].equals("rchar") || kv[0].equals("wchar")) {
                values.put(kv[0], Long.parseLong(kv[1].trim()));
            }
        }
        return values;
    }

    /** CPU seconds by thread name (digits folded, so a pool is one line) of a process, from /proc. */
    static Map<String, Double> threadCpu(long pid) throws IOException {
        Map<String, Double> byName = new java.util.TreeMap<>();
        if (pid < 0) {
            return byName;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
                } catch (IOException ended) {
                    // the thread ended meanwhile
                }
            }
        }
        return byName;
    }

    /**
     * A timed send: wall-clock seconds, and CPU seconds of the process under test (NaN when not measured).
     *
     * @param cpuSeconds      CPU of the process between sender and receiver (NaN: none)
     * @param allCpuSeconds   CPU of every process of the row: storescu, the one in between, storescp
     * @param compilerSeconds of {@code cpuSeconds}, what its JIT compiler threads used (NaN: none): near zero once the
     *                        process is warm; a large share means the row measured compiling, not the steady state
     */
    record Run(double seconds, double cpuSeconds, double allCpuSeconds, double compilerSeconds) {
    }

    /**
     * Runs storescu as {@link StorageBenchmark#storescu} does, through bash, whose {@code times} prints the CPU
     * time of its finished children last ("0m0.150s 0m0.330s": user, system); a process that has exited has no
     * /proc entry left to read. Returns storescu's CPU seconds.
     */
    static double storescuCpu(Path work, Path images, int port, String calledAe) throws Exception {
        return storescuCpu(work, images, port, calledAe, "peer-storescu.log");
    }

    /** As {@link #storescuCpu(Path, Path, int, String)}, logging to {@code log} in {@code work} (parallel senders). */
    static double storescuCpu(Path work, Path images, int port, String calledAe, String log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "storescu -aec \"$0\" +sd 127.0.0.1 \"$1\" \"$2\""
                + " > \"$3\" 2>&1 || exit 1; times", calledAe, String.valueOf(port), images.toString(),
                work.resolve(log).toString()).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("storescu failed; see " + work.resolve(log));
        }
        String[] lines = output.strip().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        return bashSeconds(children[0]) + bashSeconds(children[1]);
    }

    /** bash's "1m2.345s" → 62.345. */
    private static double bashSeconds(String time) {
        int m = time.indexOf('m');
        return Integer.parseInt(time.substring(0, m)) * 60 + Double.parseDouble(time.substring(m + 1, time.length() - 1));
    }

    /** User plus system CPU time of a process so far, from /proc (Linux; clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        if (pid < 0) {
            return Double.NaN;
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime: fields 14 and 15 of stat
    }

    static void stop(Process... processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            p.waitFor();
        }
    }

    /** Our SCU sends one image at a time; the destination (our SCP) notes when each arrives. */
    static long[] emergencyLatencies(Path work, List<Path> images) throws Exception {
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        DicomServer sink = new DicomServer(Map.of("SINK", Set.of()), (request, data) -> {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            arrived.put(request.sopInstanceUid(), System.nanoTime());
            return Status.SUCCESS;
        });
        try (Acceptor dest = new Acceptor(sink, sink, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
             Gateway gateway = new Gateway(work.resolve("gw-latency"), "SINK", dest.port())) {
            Connector connector = new Connector(AssociationOptions.DEFAULT);
            Map<String, Long> acked = new ConcurrentHashMap<>();
            for (Path image : images) {
                StoreScu.send(connector, "MODALITY", "ZB_EXPORT", "127.0.0.1", gateway.acceptor.port(), List.of(image),
                        (o, d, t) -> acked.put(o.sopInstanceUid(), System.nanoTime()));
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (arrived.size() < images.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            long[] latencies = new long[acked.size()];
            int i = 0;
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                latencies[i++] = arrived.getOrDefault(e.getKey(), Long.MAX_VALUE / 2) - e.getValue();
            }
            return latencies;
        }
    }

    static void awaitFiles(Path dir, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30 * 60_000L;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.count() >= expected) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("not all " + expected + " objects arrived in " + dir);
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

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
