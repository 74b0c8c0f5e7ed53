package nl.zorgbrug.bench;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.bench.GatewayBenchmark.Node;
import nl.zorgbrug.bench.GatewayBenchmark.Run;

/**
 * Issue 22's benchmark: the four throughput ratios of the node on one machine, measured in one run.
 * <ul>
 * <li>direct: dcmtk storescu → dcmtk storescp, one association (and dcmtk's CPU per image to receive and send);</li>
 * <li>floor: storescu → Zorgbrug SCP that forces every object to disk before Success (the durable-receive floor);</li>
 * <li>the node ({@code java -jar zorgbrug.jar serve}) on PostgreSQL and on its embedded H2, one association,
 * export swap, urgent route to storescp;</li>
 * <li>four storescu in parallel (four studies) straight to one storescp {@code --fork}, and through each node to
 * a storescp {@code --fork} (a delivery thread per job, each its own association).</li>
 * </ul>
 * Every dcmtk peer runs with {@code TCP_NODELAY=1}. Usage: {@code ThroughputBenchmark WORKDIR [images=1000]};
 * {@code -Dbench.rounds=N} repeats the rows in turn; {@code -Dbench.jars=label=path,...} runs the node rows with
 * each jar in turn within every round (a change against main, alternately); {@code -Dbench.dbs=postgres,h2}.
 */
public final class ThroughputBenchmark {
    private static final int PARALLEL = 4;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/target/bench-gateway").toAbsolutePath();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Files.createDirectories(work);
        System.out.println("work folder (spool, storescp's output, the images): " + fileSystem(work));
        List<Path> images = GatewayBenchmark.corpus(work.resolve("images-" + n), n);
        int each = n / PARALLEL;
        List<List<Path>> studies = new ArrayList<>();
        for (int k = 1; k <= PARALLEL; k++) {
            studies.add(GatewayBenchmark.corpus(work.resolve("images-par-" + each + "-" + k), each, "2.25.717" + k));
        }
        StorageBenchmark.pageCache(images);
        for (List<Path> s : studies) {
            StorageBenchmark.pageCache(s);
        }
        int rounds = Integer.getInteger("bench.rounds", 1);
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String j : System.getProperty("bench.jars", "node=" + GatewayBenchmark.nodeJar()).split(",")) {
            String[] kv = j.split("=", 2);
            jars.put(kv[0], Path.of(kv[1]));
        }
        List<String> dbs = List.of(System.getProperty("bench.dbs", "postgres,h2").split(","));
        // -Dbench.node.jfr=DIR: a flight recording of each node during its timed association only (not the warm-up,
        // not the parallel row), as DIR/LABEL-DB-roundN.jfr, with bench/src/main/jfr/node-cpu.jfc. Recording costs
        // the node CPU of its own: a run with it measures where the CPU goes, not how much there is.
        Path recordings = System.getProperty("bench.node.jfr") == null ? null
                : Files.createDirectories(Path.of(System.getProperty("bench.node.jfr")).toAbsolutePath());
        // -Dbench.node.perf=DIR: Linux perf's CPU samples of the whole machine (the node's process with its kernel and JVM
        // time, which JFR's Java samples miss, PostgreSQL's, dcmtk's; a new association's thread too) during each timed
        // association, as DIR/LABEL-DB-roundN.perf.data, with the JIT's symbols in
        // /tmp/perf-PID.map (jcmd Compiler.perfmap) and frame pointers kept so the stacks through compiled code hold.
        Path perfs = System.getProperty("bench.node.perf") == null ? null
                : Files.createDirectories(Path.of(System.getProperty("bench.node.perf")).toAbsolutePath());
        if (perfs != null) {
            System.setProperty("bench.node.jvm", System.getProperty("bench.node.jvm", "") + " -XX:+PreserveFramePointer");
        }
        if (recordings != null) {
            // JFR initialised with the node (node-boot.jfc says why), so the timed recording starts on compiled code.
            System.setProperty("bench.node.jvm", System.getProperty("bench.node.jvm", "") + " -XX:StartFlightRecording=name=boot,"
                    + "settings=" + Path.of("bench/src/main/jfr/node-boot.jfc").toAbsolutePath());
        }
        if (dbs.contains("postgres") && !GatewayBenchmark.postgresUp()) {
            throw new IllegalStateException("PostgreSQL is not on 127.0.0.1:5432 (database test, user postgres)");
        }

        // Our SCP runs in this JVM: compile its code first, as in a node that has been running.
        floor(work, images.subList(0, Math.min(300, n)));

        List<String> table = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            StorageBenchmark.sync();
            Run direct = GatewayBenchmark.direct(work, images);
            double dcmtkMs = direct.allCpuSeconds() * 1000 / n;
            StorageBenchmark.sync();
            Run directPar = parallelDirect(work, studies);
            StorageBenchmark.sync();
            Run floor = floor(work, images);
            table.add(line(round, "storescu → storescp, direct (1 association)", direct, n, direct,
                    String.format(Locale.ROOT, "storescu + storescp %.2f", dcmtkMs)));
            table.add(line(round, PARALLEL + " × storescu → storescp --fork, direct (" + PARALLEL + " associations)",
                    directPar, each * PARALLEL, directPar, ""));
            table.add(line(round, "storescu → Zorgbrug SCP, fsync per object (durable-receive floor)", floor, n, direct, ""));
            // Jars in turn, and in even rounds the other way round, so a machine growing busier does not favour one.
            List<String> order = new ArrayList<>(jars.keySet());
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (String label : order) {
                Map<String, Run[]> byDb = new LinkedHashMap<>();
                for (String db : dbs) {
                    StorageBenchmark.sync();
                    Path jfr = recordings == null ? null : recordings.resolve(label + "-" + db + "-round" + round + ".jfr");
                    Path perf = perfs == null ? null : perfs.resolve(label + "-" + db + "-round" + round + ".perf.data");
                    Run[] r = node(work, jars.get(label), db, images, studies, jfr, perf);
                    byDb.put(db, r);
                    String name = "node " + (jars.size() > 1 ? "[" + label + "] " : "") + (db.equals("h2") ? "H2" : "PostgreSQL");
                    table.add(line(round, "storescu → " + name + " → storescp (1 association)", r[0], n, direct,
                            cpu(r[0], n)));
                    table.add(line(round, PARALLEL + " × storescu → " + name + " → storescp --fork", r[1], each * PARALLEL,
                            directPar, cpu(r[1], each * PARALLEL)));
                }
                Run[] pg = byDb.get("postgres");
                Run[] h2 = byDb.get("h2");
                String who = jars.size() > 1 ? label : "node";
                if (pg != null) {
                    ratios.add(ratio(round, who, "PostgreSQL, 1 association / durable-receive floor", "≥ 0.80",
                            floor.seconds() / pg[0].seconds()));
                }
                if (pg != null && h2 != null) {
                    ratios.add(ratio(round, who, "H2 / PostgreSQL, 1 association", "≥ 0.90", pg[0].seconds() / h2[0].seconds()));
                }
                for (Map.Entry<String, Run[]> e : byDb.entrySet()) {
                    String db = e.getKey().equals("h2") ? "H2" : "PostgreSQL";
                    ratios.add(ratio(round, who, PARALLEL + " parallel through the node (" + db + ") / " + PARALLEL
                            + " parallel direct", "≥ 0.50", directPar.seconds() / e.getValue()[1].seconds()));
                }
                for (Map.Entry<String, Run[]> e : byDb.entrySet()) {
                    String db = e.getKey().equals("h2") ? "H2" : "PostgreSQL";
                    Run r = e.getValue()[0];
                    ratios.add(ratio(round, who, "CPU per image, node (" + db + ", 1 association) / dcmtk storescu + storescp",
                            "≤ 2.00", (r.cpuSeconds() * 1000 / n) / dcmtkMs));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n| round | %d CT images 512x512x16 (%d per sender in the parallel rows) | seconds"
                + " | images/s | ratio to direct (parallel: to parallel direct) | CPU ms per image (node: with PostgreSQL's processes; of which the node's JIT) |%n",
                n, each);
        System.out.println("|---|---|---:|---:|---:|---:|");
        table.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%n| round | node | issue 22's ratio | target | measured |%n|---|---|---|---|---:|%n");
        ratios.forEach(System.out::println);
    }

    /**
     * The file system the work folder lies on, and for ext4 whether it keeps a journal: without one, ext4's inode
     * allocator skips the inodes deleted in the last minutes ({@code recently_deleted}), which the node pays on every
     * spool file it creates and storescp, which keeps what it receives, never does (docs/benchmarks.md, "ext4 without
     * a journal").
     */
    static String fileSystem(Path dir) {
        try {
            Process p = new ProcessBuilder("findmnt", "-n", "-o", "SOURCE,FSTYPE,TARGET", "--target", dir.toString())
                    .redirectErrorStream(true).start();
            String mount = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            String[] f = mount.split("\\s+");
            if (f.length < 2 || !f[1].equals("ext4")) {
                return mount;
            }
            Path journal = Path.of("/sys/fs/ext4", Path.of(f[0]).getFileName().toString(), "journal_task");
            String task = Files.isReadable(journal) ? Files.readString(journal).trim() : "unknown";
            return mount + ", journal " + (task.equals("<none>") ? "none" : "kept (" + task + ")");
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String cpu(Run r, int n) {
        return String.format(Locale.ROOT, "%.2f (%.2f)", r.cpuSeconds() * 1000 / n, r.compilerSeconds() * 1000 / n);
    }

    private static String line(int round, String name, Run r, int n, Run base, String cpu) {
        return String.format(Locale.ROOT, "| %d | %s | %.2f | %.0f | %.2f× | %s |", round, name, r.seconds(), n / r.seconds(),
                base.seconds() / r.seconds(), cpu);
    }

    private static String ratio(int round, String who, String what, String target, double value) {
        return String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f |", round, who, what, target, value);
    }

    /** storescu → our SCP with {@link FileStoreHandler} forcing every object to disk before Success. */
    static Run floor(Path work, List<Path> images) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-floor"));
        DicomServer server = new DicomServer(Map.of("ZORGBRUG", Set.of()), new FileStoreHandler(out, true));
        try (Acceptor acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            return GatewayBenchmark.timedSend(work, images, acceptor.port(), "ZORGBRUG", out, -1, -1);
        } finally {
            StorageBenchmark.fresh(out);
        }
    }

    static Process storescpFork(Path work, Path out, int port) throws Exception {
        Process p = StorageBenchmark.start(work, List.of("storescp", "--fork", "-aet", "STORESCP", "-od", out.toString(),
                String.valueOf(port)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return p;
            } catch (java.io.IOException notYet) {
                if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("storescp --fork did not start; see " + work);
                }
                Thread.sleep(20);
            }
        }
    }

    static Run parallelDirect(Path work, List<List<Path>> studies) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-direct-par"));
        int port = StorageBenchmark.freePort();
        Process scp = storescpFork(work, out, port);
        try {
            return parallelSend(work, studies, port, "STORESCP", out, -1);
        } finally {
            GatewayBenchmark.stop(scp);
            StorageBenchmark.fresh(out);
        }
    }

    /**
     * The studies sent by as many storescu processes at once; the clock runs from their start until every object
     * is at the destination. CPU: of the process {@code pid} (-1: none) and of the senders.
     */
    static Run parallelSend(Path work, List<List<Path>> studies, int port, String calledAe, Path out, long pid)
            throws Exception {
        int total = studies.stream().mapToInt(List::size).sum();
        double cpu = GatewayBenchmark.cpuSeconds(pid);
        double compiler = pid < 0 ? Double.NaN : GatewayBenchmark.compilerCpu(pid);
        ExecutorService pool = Executors.newFixedThreadPool(studies.size());
        try {
            long t = System.nanoTime();
            List<Future<Double>> senders = new ArrayList<>();
            for (int k = 0; k < studies.size(); k++) {
                Path dir = studies.get(k).get(0).getParent();
                String log = "peer-storescu-" + (k + 1) + ".log";
                senders.add(pool.submit(() -> GatewayBenchmark.storescuCpu(work, dir, port, calledAe, log)));
            }
            double senderCpu = 0;
            for (Future<Double> f : senders) {
                senderCpu += f.get();
            }
            GatewayBenchmark.awaitFiles(out, total);
            double seconds = (System.nanoTime() - t) / 1e9;
            double between = GatewayBenchmark.cpuSeconds(pid) - cpu;
            double compiled = pid < 0 ? Double.NaN : GatewayBenchmark.compilerCpu(pid) - compiler;
            return new Run(seconds, between, senderCpu + (pid < 0 ? 0 : between), compiled);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Run withDatabase(Run r, double databaseCpu) {
        return new Run(r.seconds(), r.cpuSeconds() + databaseCpu, r.allCpuSeconds() + databaseCpu, r.compilerSeconds());
    }

    /** CPU seconds of every process named postgres (the server and its backends) so far, from /proc. */
    static double postgresCpu() throws java.io.IOException {
        double sum = 0;
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    if (!stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                } catch (java.io.IOException | RuntimeException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return sum;
    }

    /** One node: warmed, then one association timed, then {@link #PARALLEL} at once. */
    static Run[] node(Path work, Path jar, String db, List<Path> images, List<List<Path>> studies, Path jfr,
                      Path perf) throws Exception {
        Path out = StorageBenchmark.fresh(work.resolve("out-node"));
        Path outPar = StorageBenchmark.fresh(work.resolve("out-node-par"));
        int scpPort = StorageBenchmark.freePort();
        int parPort = StorageBenchmark.freePort();
        Process scp = StorageBenchmark.storescp(work, out, scpPort);
        Process scpPar = storescpFork(work, outPar, parPort);
        String schema = db.equals("postgres") ? "zb_bench_" + Long.toHexString(System.nanoTime()) : null;
        try (Node node = Node.start(work, jar, schema, true, scpPort)) {
            node.warm(work, out, images.size());
            // The database's work is part of the node's: H2 runs in the node's process, PostgreSQL in its own.
            if (jfr != null) {
                jcmd(node.process.pid(), "JFR.start", "name=timed", "settings=" + Path.of("bench/src/main/jfr/node-cpu.jfc")
                        .toAbsolutePath(), "filename=" + jfr);
            }
            Process perfRecord = perf == null ? null : new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", "1999",
                    "-g", "-a", "-o", perf.toString()).redirectErrorStream(true)
                    .redirectOutput(perf.resolveSibling(perf.getFileName() + ".log").toFile()).start();
            if (perfRecord != null) {
                Thread.sleep(1000); // perf is recording before the clock starts
            }
            double pg = postgresCpu();
            Run single = GatewayBenchmark.timedSend(work, images, node.dicomPort, "ZB_EXPORT", out, node.process.pid(),
                    scp.pid());
            if (perfRecord != null) {
                new ProcessBuilder("kill", "-INT", Long.toString(perfRecord.pid())).start().waitFor();
                perfRecord.waitFor();
                jcmd(node.process.pid(), "Compiler.perfmap");
                System.out.println("    perf samples of the timed association: " + perf + " (symbols: /tmp/perf-"
                        + node.process.pid() + ".map)");
            }
            if (jfr != null) {
                jcmd(node.process.pid(), "JFR.stop", "name=timed");
                System.out.println("    flight recording of the timed association: " + jfr);
            }
            single = withDatabase(single, schema == null ? 0 : postgresCpu() - pg);
            node.awaitIdle();
            node.destination(parPort);
            StorageBenchmark.sync();
            pg = postgresCpu();
            Run parallel = parallelSend(work, studies, node.dicomPort, "ZB_EXPORT", outPar, node.process.pid());
            parallel = withDatabase(parallel, schema == null ? 0 : postgresCpu() - pg);
            node.awaitIdle();
            return new Run[] {single, parallel};
        } finally {
            GatewayBenchmark.stop(scp, scpPar);
            StorageBenchmark.fresh(out);
            StorageBenchmark.fresh(outPar);
        }
    }

    /** Runs {@code jcmd PID COMMAND ARGS...} and fails when it does. */
    private static void jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || output.contains("Could not") || output.contains("rror")) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    private ThroughputBenchmark() {
    }
}
