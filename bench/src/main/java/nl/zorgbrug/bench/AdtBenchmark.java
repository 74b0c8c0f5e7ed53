package nl.zorgbrug.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Issue 16: ADT messages per second over one MLLP connection into the node as a hospital runs it (java -jar
 * zorgbrug.jar serve, the MPI on PostgreSQL), each message one transaction committed before its AA; against HAPI's
 * own MLLP server (HL7Service) that parses and answers AA without storing anything, in the same run, with the same
 * client and messages. Messages: registrations (A04) of {@code patients} patients, then updates (A08) and merges
 * (A40) cycling over them, 2.5.1, BSN and status in PID-3/PID-32. Both warmed first (the node until its JIT
 * compiler is mostly done, {@link #warmUp}), then {@link #ROUNDS} rounds of peer and node in turn (the machine is
 * shared). Second part: the time of one A40 merging a patient with {@link #MERGE_OBJECTS} jobs and as many
 * quarantine entries.
 *
 * <p>The node's MPI lives in a database of its own, created fresh for the run and dropped after, so the table
 * statistics PostgreSQL keeps for it count only this run. Per node round the benchmark reports what PostgreSQL's
 * statistics say the node read of {@code mpi_patient} per message (rows fetched by scans of the table and of its
 * indexes, and how many of the scans were full scans): a per-message cost that grows with the stored data shows
 * there first. Environment, for profiling: {@code ADT_BENCH_NODE_JAVA_OPTS} (options for the node's JVM, for
 * instance {@code -XX:StartFlightRecording=filename=...}) and {@code ADT_BENCH_JDBC_OPTIONS} (appended to the
 * node's JDBC URL, for instance pgjdbc's {@code options=-c ...} to load {@code auto_explain}).
 */
public final class AdtBenchmark {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";

    /** Rounds of peer and node in turn: the machine is shared with other builds, so the two are compared per round. */
    static final int ROUNDS = 3;
    /** Jobs and quarantine entries of the patient merged in the second part. */
    static final int MERGE_OBJECTS = 10_000;

    /**
     * PostgreSQL 15 sends a busy backend's table statistics at most once a second, and an idle one's within
     * PGSTAT_IDLE_INTERVAL (10 s, src/backend/utils/activity/pgstat.c): waited before reading the node's counts.
     */
    static final long STATS_FLUSH_MILLIS = 11_000;

    /** The run's own database, created by {@link #main} and dropped after. */
    static String database;

    public static void main(String[] args) throws Exception {
        Path work = StorageBenchmark.fresh(Path.of(args[0]));
        int messages = Integer.parseInt(args[1]);
        int patients = Integer.parseInt(args[2]);
        HapiContext hapi = context();

        int peerPort = StorageBenchmark.freePort();
        HL7Service peer = hapi.newServer(peerPort, false);
        ReceivingApplication<Message> ackOnly = new ReceivingApplication<>() {
            @Override
            public Message processMessage(Message m, java.util.Map<String, Object> meta) {
                try {
                    return m.generateACK();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean canProcess(Message m) {
                return true;
            }
        };
        peer.registerApplication("*", "*", ackOnly);
        peer.startAndWait();

        if (!GatewayBenchmark.postgresUp()) {
            throw new IllegalStateException("PostgreSQL is not on 127.0.0.1:5432");
        }
        Path jar = GatewayBenchmark.nodeJar().toAbsolutePath();
        database = "zb_bench_adt_" + Long.toHexString(System.nanoTime());
        psqlIn("postgres", "create database " + database);
        String schema = "public";
        int adtPort = StorageBenchmark.freePort();
        int httpPort = StorageBenchmark.freePort();
        // The node runs in its own folder (what it writes, a flight recording too, stays under bench/target).
        Path dir = StorageBenchmark.fresh(work.resolve("node")).toAbsolutePath();
        Files.writeString(dir.resolve("node.yml"), String.join("\n",
                "server.port: " + httpPort,
                "spring.datasource.url: jdbc:postgresql://127.0.0.1:5432/" + database
                        + jdbcOptions(System.getenv("ADT_BENCH_JDBC_OPTIONS")),
                "spring.datasource.username: postgres",
                "zorgbrug:",
                "  data-dir: " + dir.resolve("data"),
                "  gateway:",
                "    port: " + StorageBenchmark.freePort(),
                "    local-issuer: " + LOCAL_ISSUER,
                "  adt:",
                "    port: " + adtPort,
                "    bind: 127.0.0.1",
                "    local-authority: ZHVB",
                ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String javaOpts = System.getenv("ADT_BENCH_NODE_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", dir.resolve("node.yml").toString()));
        Process node = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
        double[] peerRates = new double[ROUNDS];
        double[] nodeRates = new double[ROUNDS];
        double[] floorRates = new double[ROUNDS];
        TableReads[] reads = new TableReads[ROUNDS];
        double[][] cpu = new double[ROUNDS][];
        List<long[]> merges = new ArrayList<>();
        long rows;
        try {
            awaitHealth(httpPort, node, dir);
            send(hapi, peerPort, stream(2000, 500, "W"));
            warmUp(hapi, adtPort, node.pid());
            // Peer and node in turn, each round with patients of its own (every round registers, updates, merges).
            for (int r = 0; r < ROUNDS; r++) {
                List<String> round = stream(messages, patients, "R" + r + "M");
                peerRates[r] = send(hapi, peerPort, round);
                Thread.sleep(STATS_FLUSH_MILLIS);
                TableReads before = TableReads.now();
                double[] cpuBefore = {GatewayBenchmark.cpuSeconds(node.pid()), postgresCpuSeconds(),
                    compilerCpuSeconds(node.pid())};
                nodeRates[r] = send(hapi, adtPort, round);
                cpu[r] = new double[] {GatewayBenchmark.cpuSeconds(node.pid()) - cpuBefore[0],
                    postgresCpuSeconds() - cpuBefore[1], compilerCpuSeconds(node.pid()) - cpuBefore[2]};
                Thread.sleep(STATS_FLUSH_MILLIS);
                reads[r] = TableReads.now().minus(before);
                floorRates[r] = databaseFloor(schema, messages, patients, "R" + r + "F");
                System.out.printf("round %d: node %.0f/s, peer %.0f/s, ratio %.2f, database alone %.0f/s; node per"
                        + " message: %s; CPU ms per message: node %.3f (JIT compiler %.3f), PostgreSQL %.3f%n", r + 1,
                        nodeRates[r], peerRates[r], nodeRates[r] / peerRates[r], floorRates[r],
                        reads[r].perMessage(messages), cpu[r][0] * 1000 / messages, cpu[r][2] * 1000 / messages,
                        cpu[r][1] * 1000 / messages);
            }
            rows = countPatients(schema);
            for (int r = 0; r < ROUNDS; r++) {
                merges.add(mergeOfABigPatient(hapi, adtPort, schema, "BIG" + r));
                Thread.sleep(2000);
            }
        } finally {
            peer.stopAndWait();
            node.destroy();
            node.waitFor();
            psqlIn("postgres", "drop database if exists " + database + " with (force)");
        }
        hapi.close();
        System.out.printf("%n| %d ADT messages over one MLLP connection | node messages/s | HAPI HL7Service"
                + " messages/s | ratio | PostgreSQL alone, the node's two statements and commit, per s |%n", messages);
        System.out.println("|---|---:|---:|---:|---:|");
        for (int r = 0; r < ROUNDS; r++) {
            System.out.printf("| round %d | %.0f | %.0f | %.2f | %.0f |%n", r + 1, nodeRates[r], peerRates[r],
                    nodeRates[r] / peerRates[r], floorRates[r]);
        }
        System.out.printf("| median | %.0f | %.0f | %.2f | %.0f |%n", median(nodeRates), median(peerRates),
                median(nodeRates) / median(peerRates), median(floorRates));
        System.out.printf("rows in mpi_patient afterwards (the node's and the database-alone rows): %d%n", rows);
        System.out.printf("%n| node round, CPU ms per message (/proc) | node process | of it the JIT compiler |"
                + " PostgreSQL processes | wall clock ms per message |%n");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int r = 0; r < ROUNDS; r++) {
            System.out.printf(java.util.Locale.ROOT, "| round %d | %.3f | %.3f | %.3f | %.3f |%n", r + 1,
                    cpu[r][0] * 1000 / messages, cpu[r][2] * 1000 / messages, cpu[r][1] * 1000 / messages,
                    1000 / nodeRates[r]);
        }
        System.out.printf("%n| node, per message, from pg_stat_user_tables | rows of mpi_patient read | full scans of"
                + " mpi_patient | index scans of mpi_patient | transactions committed |%n");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int r = 0; r < ROUNDS; r++) {
            System.out.printf("| round %d | %s |%n", r + 1, reads[r].row(messages));
        }
        System.out.printf("%n| A40 merge of a patient with %,d jobs and %,d quarantine entries | ms to the AA |"
                + " jobs re-pointed | delivered listed | quarantine re-pointed |%n", MERGE_OBJECTS, MERGE_OBJECTS);
        System.out.println("|---|---:|---:|---:|---:|");
        for (int r = 0; r < merges.size(); r++) {
            long[] m = merges.get(r);
            System.out.printf("| run %d | %d | %d | %d | %d |%n", r + 1, m[0], m[1], m[2], m[3]);
        }
    }

    /**
     * Puts {@link #MERGE_OBJECTS} jobs (7 in 10 held, 2 delivered, 1 cancelled) and as many linked quarantine
     * entries under {@code prefix}-OLD straight into the node's tables, then times one A40 merging it into
     * {@code prefix}-NEW until its AA (the merge's transaction committed); then counts what moved.
     *
     * @return milliseconds, jobs re-pointed, delivered jobs listed, quarantine entries re-pointed
     */
    static long[] mergeOfABigPatient(HapiContext hapi, int port, String schema, String prefix) throws Exception {
        String prior = prefix + "-OLD";
        String survivor = prefix + "-NEW";
        psql("insert into " + schema + ".job (study_instance_uid, destination, direction, state, not_before, created,"
                + " updated, patient_id, patient_name) select '2.25.9' || g, 'bench-peer', 'EXPORT',"
                + " case when g % 10 < 7 then 'HELD' when g % 10 < 9 then 'DONE' else 'CANCELLED' end,"
                + " now() + interval '1 day', now(), now(), '" + prior + "', 'Jansen^Olga'"
                + " from generate_series(1, " + MERGE_OBJECTS + ") g");
        psql("insert into " + schema + ".quarantine_item (study_instance_uid, sop_instance_uid, reason_code,"
                + " message_nl, message_en, state, received, route, linked_local_id) select '2.25.8' || g,"
                + " '2.25.8' || g || '.1', 'ISSUER_NOT_BSN', 'nl', 'en', 'OPEN', now(), 'import', '" + prior + "'"
                + " from generate_series(1, " + MERGE_OBJECTS + ") g");
        psql("analyze " + schema + ".job; analyze " + schema + ".quarantine_item");
        // The survivor is verified only, so the re-check after the merge keeps its exports held (no sending).
        String a40 = "MSH|^~\\&|HIX|ZHVB|ZORGBRUG|ZHVB|20261206100000||ADT^A40|" + prefix + "|P|2.5.1\r"
                + "EVN|A40|20261206100000\r"
                + "PID|1||" + survivor + "^^^ZHVB^PI~" + bsn(900_000 + prefix.hashCode() % 1000)
                + "^^^NLMINBIZA^NNNLD||Jansen^Olga^^^^^L||19650302|F" + "|".repeat(24) + "verified\r"
                + "MRG|" + prior + "^^^ZHVB^PI\r";
        Message m = hapi.getPipeParser().parse(a40);
        Connection c = hapi.newClient("127.0.0.1", port, false);
        long ms;
        try {
            long start = System.nanoTime();
            String code = new Terser(c.getInitiator().sendAndReceive(m)).get("/MSA-1");
            ms = (System.nanoTime() - start) / 1_000_000;
            if (!"AA".equals(code)) {
                throw new IllegalStateException("answer " + code + " to the merge of " + prior);
            }
        } finally {
            c.close();
        }
        return new long[] {ms,
                Long.parseLong(psql("select count(*) from " + schema + ".job where patient_id = '" + survivor + "'")),
                Long.parseLong(psql("select count(*) from " + schema + ".job where patient_id = '" + prior
                        + "' and state = 'DONE'")),
                Long.parseLong(psql("select count(*) from " + schema + ".quarantine_item where linked_local_id = '"
                        + survivor + "'"))};
    }

    /**
     * What PostgreSQL alone allows on this machine now: the node's statements for one registration or update (the
     * query of the patient and the BSN's carriers, the upsert; as JdbcMasterPatientIndex sends them) and the commit,
     * over one JDBC connection, without HL7, MLLP, Spring or pool. Messages per second.
     */
    static double databaseFloor(String schema, int messages, int patients, String prefix) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/" + database + "?currentSchema=" + schema, "postgres", "")) {
            c.setAutoCommit(false);
            java.sql.PreparedStatement query = c.prepareStatement("select * from mpi_patient where local_issuer = ?"
                    + " and (local_id = ? or bsn = ?)");
            java.sql.PreparedStatement upsert = c.prepareStatement("insert into mpi_patient (local_id, local_issuer,"
                    + " bsn, bsn_status, family_name, given_name, birth_date, sex, family_name_folded) values"
                    + " (?,?,?,?,?,?,?,?,?) on conflict (local_id, local_issuer) do update set bsn = excluded.bsn,"
                    + " bsn_status = excluded.bsn_status, family_name = excluded.family_name, given_name ="
                    + " excluded.given_name, birth_date = excluded.birth_date, sex = excluded.sex,"
                    + " family_name_folded = excluded.family_name_folded");
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                String id = prefix + (i % patients);
                String bsn = bsn(8_000_000 + Math.floorMod(prefix.hashCode(), 100) * 20_000 + i % patients);
                query.setString(1, LOCAL_ISSUER);
                query.setString(2, id);
                query.setString(3, bsn);
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        rows.getString("local_id");
                    }
                }
                Object[] values = {id, LOCAL_ISSUER, bsn, "VERIFIED_AND_VALIDATED", "Jansen", "Olga", "19650302", "F",
                    "jansen"};
                for (int v = 0; v < values.length; v++) {
                    upsert.setObject(v + 1, values[v]);
                }
                upsert.executeUpdate();
                c.commit();
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** What the statistics say was read of mpi_patient, and the database's commits, at one moment. */
    record TableReads(long rowsRead, long fullScans, long indexScans, long commits) {
        static TableReads now() throws Exception {
            String[] v = psql("select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0), seq_scan,"
                    + " coalesce(idx_scan, 0), (select xact_commit from pg_stat_database where datname ="
                    + " current_database()) from pg_stat_user_tables where relname = 'mpi_patient'").split("\\|");
            return new TableReads(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]),
                    Long.parseLong(v[3]));
        }

        TableReads minus(TableReads before) {
            return new TableReads(rowsRead - before.rowsRead, fullScans - before.fullScans,
                    indexScans - before.indexScans, commits - before.commits);
        }

        String row(int messages) {
            return String.format(java.util.Locale.ROOT, "%.1f | %.2f | %.2f | %.2f", (double) rowsRead / messages,
                    (double) fullScans / messages, (double) indexScans / messages, (double) commits / messages);
        }

        String perMessage(int messages) {
            return String.format(java.util.Locale.ROOT, "rows read %.1f, full scans %.2f, index scans %.2f,"
                    + " commits %.2f", (double) rowsRead / messages, (double) fullScans / messages,
                    (double) indexScans / messages, (double) commits / messages);
        }
    }

    /**
     * CPU seconds of every PostgreSQL process alive now (the node's backend, the WAL writer, the checkpointer,
     * autovacuum): what the database spent on the node's messages, besides what other databases of the cluster did
     * meanwhile (none in this run). A process that ended between two readings (an autovacuum worker) is missed.
     */
    static double postgresCpuSeconds() throws java.io.IOException {
        double sum = 0;
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                        sum += GatewayBenchmark.cpuSeconds(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (java.io.IOException gone) {
                    // ended while listed
                }
            }
        }
        return sum;
    }

    /**
     * Warms the node until its JIT compiler is mostly done: batches of 2,000 messages (500 new patients each) until
     * the compiler took under a tenth of the node's CPU in a batch, at most {@link #WARM_UP_BATCHES}. A node started
     * for the run compiles the feed's code during its first ten thousand messages or so: in the run of 2026-12-06
     * 17:02 the compiler took 0.35 of the node's 0.65 ms CPU per message in the first round after one batch and 0.014
     * in the rounds after, the rest of the node's CPU the same in every round (docs/benchmarks.md). That is a cost of
     * each start, not of a message; the batches' figures are printed, so the cold node's rate stays on record.
     */
    static void warmUp(HapiContext hapi, int port, long pid) throws Exception {
        for (int b = 0; b < WARM_UP_BATCHES; b++) {
            double cpu = GatewayBenchmark.cpuSeconds(pid);
            double compiler = compilerCpuSeconds(pid);
            double rate = send(hapi, port, stream(2000, 500, "W" + b + "M"));
            cpu = GatewayBenchmark.cpuSeconds(pid) - cpu;
            compiler = compilerCpuSeconds(pid) - compiler;
            System.out.printf(java.util.Locale.ROOT, "warm-up batch %d: node %.0f/s, CPU ms per message %.3f, of it"
                    + " the JIT compiler %.3f%n", b + 1, rate, cpu / 2, compiler / 2);
            if (compiler < cpu / 10) {
                return;
            }
        }
    }

    /** Warm-up batches at most (2,000 messages each). */
    static final int WARM_UP_BATCHES = 8;

    /** CPU seconds of the node's JIT compiler threads (HotSpot names them "C1/C2 CompilerThread#"). */
    static double compilerCpuSeconds(long pid) throws java.io.IOException {
        return GatewayBenchmark.threadCpu(pid).entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(java.util.Map.Entry::getValue).sum();
    }

    /** "?opts" or "" for the node's JDBC URL. */
    static String jdbcOptions(String options) {
        return options == null || options.isBlank() ? "" : "?" + options.trim();
    }

    static String psql(String sql) throws Exception {
        return psqlIn(database, sql);
    }

    static String psqlIn(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-t", "-A", "-q",
                "-v", "ON_ERROR_STOP=1", "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static HapiContext context() {
        HapiContext hapi = new DefaultHapiContext();
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        return hapi;
    }

    /** Sends every message over one connection, each waiting for its ACK; messages per second. */
    static double send(HapiContext hapi, int port, List<String> texts) throws Exception {
        List<Message> parsed = new ArrayList<>();
        for (String t : texts) {
            parsed.add(hapi.getPipeParser().parse(t));
        }
        Connection c = hapi.newClient("127.0.0.1", port, false);
        try {
            long start = System.nanoTime();
            for (Message m : parsed) {
                String code = new Terser(c.getInitiator().sendAndReceive(m)).get("/MSA-1");
                if (!"AA".equals(code)) {
                    throw new IllegalStateException("answer " + code + " to " + m.encode().replace('\r', '\n'));
                }
            }
            return texts.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            c.close();
        }
    }

    /**
     * The messages of one stream: patients {@code prefix}0 to {@code prefix}(patients-1). Each prefix has BSNs of its
     * own (from the prefix's hash), so a later round registers new people and is not a stream of BSN conflicts.
     */
    static List<String> stream(int messages, int patients, String prefix) {
        int bsnOffset = 2_000_000 + Math.floorMod(prefix.hashCode(), 100) * 50_000;
        List<String> out = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            int p = i % patients;
            String event = i < patients ? "A04" : i % 50 == 0 ? "A40" : "A08";
            String id = prefix + p;
            StringBuilder m = new StringBuilder("MSH|^~\\&|HIX|ZHVB|ZORGBRUG|ZHVB|20261206100000||ADT^" + event + "|"
                    + prefix + "C" + i + "|P|2.5.1\rEVN|" + event + "|20261206100000\r");
            String pid = "PID|1||" + id + "^^^ZHVB^PI~" + bsn(bsnOffset + p)
                    + "^^^NLMINBIZA^NNNLD||Jansen^Olga^^^^^L||19650302|F" + "|".repeat(24)
                    + (i % 3 == 0 ? "verified" : "verified+validated") + "\r";
            if (event.equals("A40")) {
                // The survivor takes over a patient registered only for this merge, so the stream can be repeated.
                m.append("PID|1||").append(id).append("^^^ZHVB^PI||Jansen^Olga^^^^^L||19650302|F\r")
                        .append("MRG|").append(prefix).append("X").append(i).append("^^^ZHVB^PI\r");
            } else {
                m.append(pid);
            }
            out.add(m.toString());
        }
        return out;
    }

    /** A test BSN (11-proof) for a number: 8 digits from it and the check digit the proof asks for. */
    static String bsn(int n) {
        for (int k = 0; ; k++) {
            String eight = String.format("%08d", (10_000_000 + n * 7L + k) % 100_000_000);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (eight.charAt(i) - '0');
            }
            int check = sum % 11;
            if (check < 10 && !(eight.startsWith("0"))) {
                return eight + check;
            }
        }
    }

    static void awaitHealth(int httpPort, Process node, Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            if (System.currentTimeMillis() > deadline || !node.isAlive()) {
                throw new IllegalStateException("the node did not start; see " + dir.resolve("node.log"));
            }
            Thread.sleep(200);
        }
    }

    static long countPatients(String schema) throws Exception {
        return Long.parseLong(psql("select count(*) from " + schema + ".mpi_patient"));
    }
}
