package nl.zorgbrug.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;

/**
 * Issue 19: the BgZ MSZ 2.0 query set (the 27 searches of {@link BgzQuerySet}, each with
 * {@code _revinclude=Provenance:target}) against the node as a hospital runs it ({@code java -jar zorgbrug.jar serve}),
 * over HTTP with a patient's bearer token, on the embedded H2 database or on PostgreSQL (a schema of its own in
 * database {@code test}, dropped after). Targets: the whole set for one patient with 2,000 resources under 0.5 s,
 * p95 per query under 50 ms.
 *
 * <p>Set-up, as a hospital does it: generated patients ({@link BgzData}: about 2,000 resources each, over the 17
 * resource types with the codes the queries select, and Provenance) fed through the node's FHIR feed as transaction
 * Bundles of {@code PUT Type/id} with the EPD's feed token; the fixed per-patient tokens in the node's configuration
 * ({@code zorgbrug.bgz.tokens}); each patient's consent to the BgZ on request for the requesting organisation recorded
 * by a privacy officer on the console (the read needs it, Wabvpz art. 15a). Before measuring, every query's
 * {@code Bundle.total} is checked against what the data holds.
 *
 * <p>Then: one patient sequentially (warm-up sets until the node's JIT compiler is quiet, then {@code rounds}
 * sets; per set the wall time of its 27 queries one after the other, per query p50 and p95 over the sets), and
 * {@code clients} patients in parallel (one client each, its own connection, all starting together; each runs
 * {@code rounds} sets). The node's CPU (from /proc) per set, and for PostgreSQL that of its processes.
 *
 * <p>Arguments: work dir, {@code h2} or {@code postgresql}, resources per patient (2000), clients (20), rounds (10).
 * Environment {@code BGZ_BENCH_NODE_JAVA_OPTS}: options for the node's JVM (e.g. a flight recording).
 */
public final class BgzBenchmark {
    static final String REQUESTER_URA = "90000123";
    static final String FEED_TOKEN = "bench-feed-0f3c9a";
    /** Entries per transaction Bundle the feed sends (each Provenance with the ten zibs it names). */
    static final int BATCH = 250;
    static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    /**
     * Warm-up sets at most (environment {@code BGZ_BENCH_WARM_UP_SETS}): stops earlier once the JIT compiler is quiet.
     * 40 were not enough: large methods of the answer reached C2 between sets 21 and 40 and the compiler still took
     * 100–230 ms of CPU per set at set 36, on the two cores the measured sets share (docs/benchmarks.md, "Where the
     * laboratory query's time goes").
     */
    static final int WARM_UP_SETS = Integer.parseInt(System.getenv().getOrDefault("BGZ_BENCH_WARM_UP_SETS", "200"));
    /** The compiler is quiet after this many warm-up sets in a row each with under {@link #QUIET_SHARE} of its CPU. */
    static final int QUIET_SETS = 5;
    /** The compiler's share of the node's CPU in a set below which that set counts as quiet. */
    static final double QUIET_SHARE = 0.05;

    public static void main(String[] args) throws Exception {
        Path work = StorageBenchmark.fresh(Path.of(args[0]));
        boolean postgres = args[1].equals("postgresql");
        int perPatient = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        if (postgres && !GatewayBenchmark.postgresUp()) {
            throw new IllegalStateException("PostgreSQL is not on 127.0.0.1:5432: start it or run with h2");
        }
        BgzData.Spread spread = BgzData.Spread.of(perPatient);
        List<String> bsns = new ArrayList<>();
        for (int p = 0; p < clients; p++) {
            bsns.add(AdtBenchmark.bsn(5_500_000 + p * 13));
        }
        String schema = postgres ? "zb_bench_bgz_" + Long.toHexString(System.nanoTime()) : null;
        int httpPort = StorageBenchmark.freePort();
        Path dir = StorageBenchmark.fresh(work.resolve("node")).toAbsolutePath();
        StringBuilder yml = new StringBuilder();
        yml.append("server.port: ").append(httpPort).append('\n');
        if (postgres) {
            yml.append("spring.datasource.url: jdbc:postgresql://127.0.0.1:5432/test?currentSchema=").append(schema)
                    .append("\nspring.datasource.username: postgres\nspring.flyway.schemas: ").append(schema)
                    .append('\n');
        }
        yml.append("zorgbrug:\n  data-dir: ").append(dir.resolve("data")).append('\n')
                .append("  users:\n    - {name: privacy, password: '{noop}bench', roles: [PRIVACY_OFFICER]}\n")
                .append("  gateway:\n    port: ").append(StorageBenchmark.freePort()).append('\n')
                .append("    local-issuer: ").append(AdtBenchmark.LOCAL_ISSUER).append('\n')
                .append("  adt:\n    port: ").append(StorageBenchmark.freePort()).append("\n    bind: 127.0.0.1\n    local-authority: ZHVB\n")
                .append("  bgz:\n    tokens:\n      - {token: ").append(FEED_TOKEN).append(", feed: true}\n");
        for (int p = 0; p < clients; p++) {
            yml.append("      - {token: ").append(token(p)).append(", bsn: \"").append(bsns.get(p))
                    .append("\", ura: \"").append(REQUESTER_URA).append("\", institution-type: V4}\n");
        }
        Files.writeString(dir.resolve("node.yml"), yml.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String javaOpts = System.getenv("BGZ_BENCH_NODE_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            command.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", GatewayBenchmark.nodeJar().toAbsolutePath().toString(), "serve", "--config",
                dir.resolve("node.yml").toString()));
        Process node = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        // A benchmark stopped from outside (timeout, ^C) stops its node too.
        Runtime.getRuntime().addShutdownHook(new Thread(node::destroy));
        String base = "http://127.0.0.1:" + httpPort;
        String db = postgres ? "PostgreSQL" : "H2";
        try {
            AdtBenchmark.awaitHealth(httpPort, node, dir);
            HttpClient http = client();
            long feedStart = System.nanoTime();
            int fed = 0;
            for (int p = 0; p < clients; p++) {
                List<BgzData.Resource> resources = BgzData.patient("bp" + p, bsns.get(p), spread);
                fed += resources.size();
                feed(http, base, resources);
            }
            double feedSeconds = (System.nanoTime() - feedStart) / 1e9;
            System.out.printf(Locale.ROOT, "%s: fed %d patients, %d resources each (%,d in all), in %.1f s (%.0f"
                    + " resources/s, transactions of %d)%n", db, clients, fed / clients, fed, feedSeconds,
                    fed / feedSeconds, BATCH);
            recordConsents(base, bsns);

            List<BgzQuery> set = BgzQuerySet.all();
            int[] expected = BgzData.expected(spread);
            String only = System.getenv("BGZ_BENCH_QUERIES");
            if (only != null && !only.isBlank()) {
                // For a profile of some queries (e.g. "23", the laboratory query): the set is those queries only.
                List<BgzQuery> some = new ArrayList<>();
                List<Integer> counts = new ArrayList<>();
                for (String n : only.split(",")) {
                    some.add(set.get(Integer.parseInt(n.strip()) - 1));
                    counts.add(expected[Integer.parseInt(n.strip()) - 1]);
                }
                set = some;
                expected = counts.stream().mapToInt(Integer::intValue).toArray();
                System.out.println("only queries " + only + " of the set (BGZ_BENCH_QUERIES)");
            }
            int[] entries = check(http, base, set, bsns.get(0), token(0), expected);
            System.out.printf("queries checked: every Bundle.total as the data holds; entries per set (matches,"
                    + " includes, Provenance): %d%n", Arrays.stream(entries).sum());

            // One patient, sequentially: warm until the JIT compiler is quiet, QUIET_SETS sets in a row.
            int quiet = 0;
            int warmUp = 0;
            double lastCompiler = Double.NaN;
            while (warmUp < WARM_UP_SETS && quiet < QUIET_SETS) {
                double cpu = GatewayBenchmark.cpuSeconds(node.pid());
                double compiler = AdtBenchmark.compilerCpuSeconds(node.pid());
                long start = System.nanoTime();
                runSet(http, base, set, bsns.get(0), token(0), new long[set.size()]);
                long ms = (System.nanoTime() - start) / 1_000_000;
                cpu = GatewayBenchmark.cpuSeconds(node.pid()) - cpu;
                compiler = AdtBenchmark.compilerCpuSeconds(node.pid()) - compiler;
                warmUp++;
                quiet = compiler < cpu * QUIET_SHARE ? quiet + 1 : 0;
                lastCompiler = compiler;
                if (warmUp % 10 == 1 || quiet > 0) {
                    System.out.printf(Locale.ROOT, "warm-up set %d: %d ms, node CPU %.0f ms, of it the JIT compiler"
                            + " %.0f ms%n", warmUp, ms, cpu * 1000, compiler * 1000);
                }
            }
            System.out.printf(Locale.ROOT, "warm-up: %d sets, %s%n", warmUp, quiet >= QUIET_SETS
                    ? String.format(Locale.ROOT, "the last %d with the JIT compiler under %.0f %% of the node's CPU",
                            QUIET_SETS, QUIET_SHARE * 100)
                    : String.format(Locale.ROOT, "the JIT compiler NOT quiet (%.0f ms in the last set)",
                            lastCompiler * 1000));
            String[] statsBefore = postgres ? tableStats(schema) : null;
            String[] indexesBefore = postgres ? indexStats(schema) : null;
            long[][] perQuery = new long[set.size()][rounds];
            long[] setNanos = new long[rounds];
            double cpuBefore = GatewayBenchmark.cpuSeconds(node.pid());
            double compilerBefore = AdtBenchmark.compilerCpuSeconds(node.pid());
            double pgBefore = postgres ? AdtBenchmark.postgresCpuSeconds() : 0;
            for (int r = 0; r < rounds; r++) {
                long[] q = new long[set.size()];
                long start = System.nanoTime();
                runSet(http, base, set, bsns.get(0), token(0), q);
                setNanos[r] = System.nanoTime() - start;
                for (int i = 0; i < q.length; i++) {
                    perQuery[i][r] = q[i];
                }
            }
            double nodeCpu = (GatewayBenchmark.cpuSeconds(node.pid()) - cpuBefore) / rounds;
            double compilerCpu = (AdtBenchmark.compilerCpuSeconds(node.pid()) - compilerBefore) / rounds;
            double pgCpu = postgres ? (AdtBenchmark.postgresCpuSeconds() - pgBefore) / rounds : Double.NaN;
            System.out.printf(Locale.ROOT, "%n### %s, one patient (%d resources), the 27 queries one after the other,"
                    + " %d sets%n%n", db, fed / clients, rounds);
            System.out.println("| set | ms |");
            System.out.println("|---|---:|");
            for (int r = 0; r < rounds; r++) {
                System.out.printf(Locale.ROOT, "| %d | %.0f |%n", r + 1, setNanos[r] / 1e6);
            }
            System.out.printf(Locale.ROOT, "| median | %.0f |%n", percentile(setNanos, 50) / 1e6);
            System.out.printf(Locale.ROOT, "node CPU per set %.0f ms (of it the JIT compiler %.0f ms)%s%n",
                    nodeCpu * 1000, compilerCpu * 1000,
                    postgres ? String.format(Locale.ROOT, ", PostgreSQL processes %.0f ms", pgCpu * 1000) : "");
            System.out.printf("%n| query | matches | entries | p50 ms | p95 ms |%n|---|---:|---:|---:|---:|%n");
            long[] all = new long[set.size() * rounds];
            for (int i = 0; i < set.size(); i++) {
                System.arraycopy(perQuery[i], 0, all, i * rounds, rounds);
                System.out.printf(Locale.ROOT, "| %d `%s` | %d | %d | %.1f | %.1f |%n", i + 1, short_(set.get(i)),
                        expected[i], entries[i], percentile(perQuery[i], 50) / 1e6,
                        percentile(perQuery[i], 95) / 1e6);
            }
            System.out.printf(Locale.ROOT, "| all %d queries | | | %.1f | %.1f |%n", all.length,
                    percentile(all, 50) / 1e6, percentile(all, 95) / 1e6);

            if (postgres) {
                String[] after = tableStats(schema);
                System.out.printf("%n| PostgreSQL statistics per set (pg_stat_user_tables) | sequential scans | index"
                        + " scans | rows fetched by index | rows inserted |%n|---|---:|---:|---:|---:|%n");
                for (int t = 0; t < after.length; t++) {
                    String[] a = after[t].split("\\|");
                    String[] b = statsBefore[t].split("\\|");
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.1f |%n", a[0],
                            (Long.parseLong(a[1]) - Long.parseLong(b[1])) / (double) rounds,
                            (Long.parseLong(a[2]) - Long.parseLong(b[2])) / (double) rounds,
                            (Long.parseLong(a[3]) - Long.parseLong(b[3])) / (double) rounds,
                            (Long.parseLong(a[4]) - Long.parseLong(b[4])) / (double) rounds);
                }
                String[] indexesAfter = indexStats(schema);
                System.out.printf("%n| per set, by index (pg_stat_user_indexes) | scans | entries read | rows fetched"
                        + " |%n|---|---:|---:|---:|%n");
                for (int t = 0; t < indexesAfter.length && t < indexesBefore.length; t++) {
                    String[] a = indexesAfter[t].split("\\|");
                    String[] b = indexesBefore[t].split("\\|");
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.0f |%n", a[0],
                            (Long.parseLong(a[1]) - Long.parseLong(b[1])) / (double) rounds,
                            (Long.parseLong(a[2]) - Long.parseLong(b[2])) / (double) rounds,
                            (Long.parseLong(a[3]) - Long.parseLong(b[3])) / (double) rounds);
                }
                explain(schema, bsns.get(0));
            }

            // Patients in parallel: one client per patient, all starting together.
            parallel(base, set, bsns, clients, 1, node.pid(), postgres, db, spread, false);
            parallel(base, set, bsns, clients, Math.max(1, rounds / 3), node.pid(), postgres, db, spread, true);
        } finally {
            node.destroy();
            node.waitFor();
            if (postgres) {
                AdtBenchmark.psqlIn("test", "set client_min_messages = warning; drop schema if exists " + schema
                        + " cascade");
            }
        }
    }

    static void parallel(String base, List<BgzQuery> set, List<String> bsns, int clients, int sets, long pid,
                         boolean postgres, String db, BgzData.Spread spread, boolean report) throws Exception {
        // Daemon threads: a failed client must not keep the benchmark's JVM (and the build lock) alive.
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "bgz-client");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int p = 0; p < clients; p++) {
            int patient = p;
            futures.add(pool.submit(() -> {
                HttpClient own = client();
                go.await();
                long[][] out = new long[sets][];
                for (int s = 0; s < sets; s++) {
                    long[] q = new long[set.size() + 1];
                    long start = System.nanoTime();
                    runSet(own, base, set, bsns.get(patient), token(patient), q);
                    q[set.size()] = System.nanoTime() - start;
                    out[s] = q;
                }
                return out;
            }));
        }
        double cpuBefore = GatewayBenchmark.cpuSeconds(pid);
        double pgBefore = postgres ? AdtBenchmark.postgresCpuSeconds() : 0;
        long start = System.nanoTime();
        go.countDown();
        List<Long> queries = new ArrayList<>();
        List<Long> setTimes = new ArrayList<>();
        for (Future<long[][]> f : futures) {
            for (long[] q : f.get()) {
                for (int i = 0; i < set.size(); i++) {
                    queries.add(q[i]);
                }
                setTimes.add(q[set.size()]);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double nodeCpu = GatewayBenchmark.cpuSeconds(pid) - cpuBefore;
        double pgCpu = postgres ? AdtBenchmark.postgresCpuSeconds() - pgBefore : Double.NaN;
        pool.shutdown();
        if (!report) {
            System.out.printf(Locale.ROOT, "%nparallel warm-up: %d clients, one set each, %.1f s%n", clients, wall);
            return;
        }
        long[] q = queries.stream().mapToLong(Long::longValue).toArray();
        long[] st = setTimes.stream().mapToLong(Long::longValue).toArray();
        int total = clients * sets;
        System.out.printf(Locale.ROOT, "%n### %s, %d patients (%d resources each) in parallel, %d clients, %d sets"
                + " each%n%n", db, clients, spread.count(spread.labs()), clients, sets);
        System.out.println("| figure | value |");
        System.out.println("|---|---:|");
        System.out.printf(Locale.ROOT, "| wall time, all %d sets | %.2f s |%n", total, wall);
        System.out.printf(Locale.ROOT, "| sets per second | %.2f |%n", total / wall);
        System.out.printf(Locale.ROOT, "| time of one set under this load, p50 / p95 | %.0f / %.0f ms |%n",
                percentile(st, 50) / 1e6, percentile(st, 95) / 1e6);
        System.out.printf(Locale.ROOT, "| one query under this load, p50 / p95 (%d queries) | %.1f / %.1f ms |%n",
                q.length, percentile(q, 50) / 1e6, percentile(q, 95) / 1e6);
        System.out.printf(Locale.ROOT, "| node CPU per set | %.0f ms |%n", nodeCpu * 1000 / total);
        if (postgres) {
            System.out.printf(Locale.ROOT, "| PostgreSQL CPU per set | %.0f ms |%n", pgCpu * 1000 / total);
        }
    }

    /** The tables' counters, after waiting for PostgreSQL to publish them (AdtBenchmark.STATS_FLUSH_MILLIS). */
    static String[] tableStats(String schema) throws Exception {
        Thread.sleep(AdtBenchmark.STATS_FLUSH_MILLIS);
        return AdtBenchmark.psqlIn("test", "select relname, coalesce(seq_scan, 0), coalesce(idx_scan, 0),"
                + " coalesce(idx_tup_fetch, 0), n_tup_ins from pg_stat_user_tables where schemaname = '" + schema
                + "' and relname in ('bgz_resource', 'bgz_search_code', 'bgz_provenance_target', 'audit_record',"
                + " 'consent_record', 'consent_shielding') order by relname").split("\n");
    }

    /** Per index of the BgZ store's tables: name, scans, index entries read, rows fetched (pg_stat_user_indexes). */
    static String[] indexStats(String schema) throws Exception {
        return AdtBenchmark.psqlIn("test", "select indexrelname, idx_scan, idx_tup_read, idx_tup_fetch from"
                + " pg_stat_user_indexes where schemaname = '" + schema + "' and relname in ('bgz_resource',"
                + " 'bgz_search_code', 'bgz_provenance_target') order by indexrelname").split("\n");
    }

    /** PostgreSQL's plans of the store's statements for the largest query of the set (laboratory results). */
    static void explain(String schema, String bsn) throws Exception {
        String pid = AdtBenchmark.psqlIn("test", "select logical_id from " + schema + ".bgz_resource where"
                + " resource_type = 'Patient' and patient_bsn = '" + bsn + "'");
        String labCodes = "select distinct logical_id from bgz_search_code where patient_id = '" + pid + "' and"
                + " resource_type = 'Observation' and param = 'category' and code in ('49581000146104')";
        String ids = "(select logical_id from bgz_resource where patient_id = '" + pid + "' and resource_type ="
                + " 'Observation' limit 500)";
        for (String[] q : List.of(
                new String[] {"pre-selection by code", labCodes},
                new String[] {"rows before V70", "select logical_id from bgz_resource where patient_id = '" + pid
                        + "' and resource_type = 'Observation' and codes_indexed = false"},
                new String[] {"500 rows by key", "select resource_json from bgz_resource where resource_type ="
                        + " 'Observation' and logical_id in " + ids},
                new String[] {"Provenance ids by target", "select distinct provenance_id from bgz_provenance_target"
                        + " where target in (select 'Observation/' || logical_id from bgz_resource where patient_id = '"
                        + pid + "' and resource_type = 'Observation' limit 500)"},
                new String[] {"the patient's Provenance target rows (V76)", "select provenance_id, target from"
                        + " bgz_provenance_target where patient_id = '" + pid + "'"})) {
            String plan;
            try {
                plan = AdtBenchmark.psqlIn("test", "set search_path = " + schema + "; explain (analyze, buffers,"
                        + " costs off, summary on) " + q[1]);
            } catch (IllegalStateException e) {
                // A jar before the migration the statement needs (main against a branch, -Dzorgbrug.jar).
                plan = "not on this jar's schema: " + e.getMessage().lines().findFirst().orElse("");
            }
            System.out.printf("%nEXPLAIN ANALYZE, %s:%n%s%n", q[0], plan);
        }
    }

    static String token(int patient) {
        return "bench-read-" + patient + "-7d1e";
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The query as the set writes it, the patient parameter and the revinclude left out (the table's label). */
    static String short_(BgzQuery q) {
        return q.withoutPatient().label().replace("&_revinclude=Provenance:target", "").replace("?_revinclude="
                + "Provenance:target", "").replace("http://snomed.info/sct|", "").replace("http://loinc.org|", "")
                .replace("|", "\\|");
    }

    /** The request URI of one query for one patient. */
    static URI uri(String base, BgzQuery q, String bsn) {
        StringBuilder s = new StringBuilder(base).append("/fhir/stu3/").append(q.resource()).append(q.path())
                .append('?');
        String sep = "";
        for (String[] p : q.params()) {
            s.append(sep).append(p[0]).append('=').append(URLEncoder.encode(p[1].replace("{BSN}", bsn),
                    StandardCharsets.UTF_8));
            sep = "&";
        }
        return URI.create(s.toString());
    }

    static HttpResponse<String> get(HttpClient http, URI uri, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One set, each query's nanoseconds into {@code nanos}; any answer but 200 fails the run. */
    static void runSet(HttpClient http, String base, List<BgzQuery> set, String bsn, String token, long[] nanos)
            throws Exception {
        for (int i = 0; i < set.size(); i++) {
            URI uri = uri(base, set.get(i), bsn);
            long start = System.nanoTime();
            HttpResponse<String> r = get(http, uri, token);
            nanos[i] = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    /** Each query's Bundle.total against what the data holds; returns the entries per query. */
    static int[] check(HttpClient http, String base, List<BgzQuery> set, String bsn, String token, int[] expected)
            throws Exception {
        int[] entries = new int[set.size()];
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            HttpResponse<String> r = get(http, uri(base, set.get(i), bsn), token);
            Matcher m = TOTAL.matcher(r.body());
            int total = r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
            entries[i] = r.body().split("\"fullUrl\"", -1).length - 1;
            if (total != expected[i]) {
                wrong.add(set.get(i).label() + ": status " + r.statusCode() + ", total " + total + ", expected "
                        + expected[i] + (r.statusCode() == 200 ? "" : ": " + r.body()));
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("the node's answers do not match the data fed:\n" + String.join("\n",
                    wrong));
        }
        return entries;
    }

    /** The patient's resources as transaction Bundles of PUT entries, each answered 200. */
    static void feed(HttpClient http, String base, List<BgzData.Resource> resources) throws Exception {
        int from = 0;
        while (from < resources.size()) {
            int to = Math.min(resources.size(), from + BATCH);
            // Never split a Provenance from the zibs it names: end a batch after a Provenance.
            while (to < resources.size() && !resources.get(to - 1).type().equals("Provenance")) {
                to++;
            }
            StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
            for (int i = from; i < to; i++) {
                BgzData.Resource r = resources.get(i);
                b.append(i == from ? "" : ",").append("{\"resource\":").append(r.json())
                        .append(",\"request\":{\"method\":\"PUT\",\"url\":\"").append(r.type()).append('/')
                        .append(r.id()).append("\"}}");
            }
            b.append("]}");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/fhir/stu3"))
                    .header("Authorization", "Bearer " + FEED_TOKEN).header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the feed's transaction was answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            from = to;
        }
    }

    /**
     * Each patient's consent to the BgZ on request for the requesting organisation, recorded by the privacy officer
     * on the console's consents page (POST /privacy/consents/record with the page's CSRF token), as a hospital does.
     */
    static void recordConsents(String base, List<String> bsns) throws Exception {
        HttpClient console = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).build();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("privacy:bench".getBytes(
                StandardCharsets.UTF_8));
        HttpResponse<String> page = console.send(HttpRequest.newBuilder(URI.create(base + "/privacy"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("the privacy officer's page answered " + page.statusCode()
                    + " without a CSRF token");
        }
        String csrf = m.group(1);
        for (String bsn : bsns) {
            String form = "_csrf=" + enc(csrf) + "&bsn=" + bsn + "&purpose=BGZ_ON_REQUEST&permits=true"
                    + "&scope=INSTITUTION&scopeValue=" + REQUESTER_URA + "&method=WRITTEN";
            HttpResponse<String> r = console.send(HttpRequest.newBuilder(URI.create(base
                    + "/privacy/consents/record")).header("Authorization", auth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("recording a consent answered " + r.statusCode());
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The nearest-rank percentile. */
    static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
