package nl.zorgbrug.bench;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.QueryRegistryTransformer;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.PackedEbRim;

/**
 * Issue 20's registry benchmark: the node's XDS Document Registry ({@code java -jar zorgbrug.jar serve}, HTTPS with
 * the node's own TLS, HTTP Basic, PostgreSQL 127.0.0.1:5432 database test in a schema of its own, dropped after)
 * seeded with {@code entries} KOS DocumentEntries by COPY ({@link IndexSeeder}: one patient per ten entries, most with
 * 1 to 10 studies, a few with 500), then ITI-18 FindDocuments (by BSN, Approved, LeafClass) and ITI-42 (a new
 * submission of one KOS DocumentEntry for an existing BSN) as SOAP 1.2 over HTTPS, by 1 and by 8 clients, each for
 * {@code seconds}. Every answer is checked: Success, and for ITI-18 as many DocumentEntries as that patient has.
 * Target: p95 under 50 ms for both.
 *
 * <p>The requests are the ebRIM IPF's own transformers write (the same the node reads), sent as plain SOAP by
 * java.net.http, one connection per client, so the clients' own cost stays small beside the node's on a 2-core
 * machine. The floor: the node's own FindDocuments SQL (JdbcMetadataStore.find) as a prepared statement over JDBC,
 * the same BSNs, the same client counts. The peer: {@link OrthancIndexPeer}.
 *
 * <p>Arguments: work dir, entries (1000000), clients ("1,8"), seconds per run (300), patients asked (1000), Orthanc
 * studies (0: no peer). Environment {@code INDEX_BENCH_NODE_JAVA_OPTS}: options for the node's JVM (a flight recording).
 * {@code INDEX_BENCH_KEEP=true} keeps the schema; {@code INDEX_BENCH_SCHEMA=<schema>} runs on one kept before with the
 * same number of entries instead of seeding again (seeding 10 M takes half an hour: a change of the node's query path
 * is measured on the same tables, and the node's Flyway brings the kept schema up to the jar's migrations).
 * {@code INDEX_BENCH_PEER_ONLY=true} runs only the peer (no node, no floor); {@code INDEX_BENCH_PEER_SEED=rest|copy}
 * chooses how the peer is seeded (default: COPY from {@value OrthancIndexPeer#COPY_FROM} studies on).
 */
public final class IndexBenchmark {
    static final String SOURCE = "ris-source";
    static final String CONSUMER = "ris-consumer";
    static final String PASSWORD = "bench-pass";
    static final String CONSUMER_URA = "00002222";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    static final Pattern ENTRY = Pattern.compile("<(\\w+:)?ExtrinsicObject[ >]");
    static final String SUCCESS = "ResponseStatusType:Success";
    static final String FIND_SQL = "select e.entry_uuid, e.patient_bsn, e.status, e.ebrim_packed from xds_document_entry e"
            + " where e.patient_bsn = ? and e.status in (?) order by case when e.service_start is null then 1 else 0"
            + " end, e.service_start desc, e.entry_uuid limit ?";

    public static void main(String[] args) throws Exception {
        Path work = StorageBenchmark.fresh(Path.of(args[0])).toAbsolutePath();
        long entries = Long.parseLong(args[1]);
        int[] clientCounts = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[3]);
        int asked = Integer.parseInt(args[4]);
        int orthancStudies = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        if (!GatewayBenchmark.postgresUp()) {
            throw new IllegalStateException("PostgreSQL is not on 127.0.0.1:5432 (database test, user postgres)");
        }
        if ("true".equals(System.getenv("INDEX_BENCH_PEER_ONLY"))) {
            if (orthancStudies <= 0) {
                throw new IllegalArgumentException("INDEX_BENCH_PEER_ONLY=true needs the number of Orthanc studies"
                        + " (6th argument)");
            }
            OrthancIndexPeer.run(work.resolve("orthanc"), orthancStudies, clientCounts, seconds, asked);
            return;
        }
        String reuse = System.getenv("INDEX_BENCH_SCHEMA");
        String schema = reuse != null ? reuse : "zb_bench_index_" + Long.toHexString(System.nanoTime());
        if (reuse == null) {
            AdtBenchmark.psqlIn("test", "create schema " + schema);
        }
        Tls tls = Tls.make(work.resolve("tls"));
        Node node = null;
        try {
            IndexData.Patients patients = IndexData.Patients.of(entries);
            System.out.printf(Locale.ROOT, "index: %,d DocumentEntries of %,d patients (%,d with %d studies, the rest"
                    + " 1-10), schema %s%n", patients.entries(), patients.bsns().length, patients.heavy(),
                    IndexData.HEAVY, schema);
            if (reuse == null) {
                node = Node.start(work, schema, tls);
                checkRowsAsTheNodeWritesThem(new Soap(node.base()), tls, schema, patients.bsns().length + 7);
                node.stop();

                IndexSeeder.Result seeded = IndexSeeder.seed(schema, patients, 20);
                printSeed(patients, seeded);
            } else {
                System.out.printf(Locale.ROOT, "reusing schema %s, seeded before: %,d DocumentEntries in it%n", schema,
                        documentEntries(schema));
            }
            explain(schema, patients);

            node = Node.start(work, schema, tls);
            Soap soap = new Soap(node.base());
            SplittableRandom pick = new SplittableRandom(7);
            int[] askedPatients = new int[Math.min(asked, patients.bsns().length)];
            for (int i = 0; i < askedPatients.length; i++) {
                askedPatients[i] = pick.nextInt(patients.bsns().length);
            }
            long consentStart = System.nanoTime();
            recordConsents(tls, node.base(), askedPatients, patients);
            System.out.printf(Locale.ROOT, "consent to image availability recorded for the %d patients asked, %.0f s%n",
                    askedPatients.length, (System.nanoTime() - consentStart) / 1e9);
            // Registrations of an earlier run on a kept schema hold the numbers after entries + 10^6: go on after them.
            AtomicLong nextSeq = new AtomicLong(Math.max(patients.entries(), documentEntries(schema)) + 1_000_000);

            // Warm-up: the node's JIT compiler does its work before the clock starts.
            Load warmQuery = Load.iti18(soap, tls, patients, askedPatients);
            Load warmRegister = Load.iti42(soap, tls, patients, askedPatients, nextSeq);
            for (int round = 0; round < 6; round++) {
                double cpu = GatewayBenchmark.cpuSeconds(node.pid());
                double compiler = AdtBenchmark.compilerCpuSeconds(node.pid());
                Run a = warmQuery.run(2, 10);
                Run b = warmRegister.run(2, 5);
                cpu = GatewayBenchmark.cpuSeconds(node.pid()) - cpu;
                compiler = AdtBenchmark.compilerCpuSeconds(node.pid()) - compiler;
                System.out.printf(Locale.ROOT, "warm-up %d: ITI-18 p50 %.1f ms, ITI-42 p50 %.1f ms; node CPU %.1f s,"
                        + " of it the JIT compiler %.1f s%n", round + 1, a.percentile(50), b.percentile(50), cpu, compiler);
                if (compiler < cpu / 10) {
                    break;
                }
            }

            System.out.printf(Locale.ROOT, "%n### The node: %,d DocumentEntries, %,d patients, PostgreSQL, HTTPS, %d s"
                    + " per run%n%n", patients.entries(), patients.bsns().length, seconds);
            System.out.println("| transaction | clients | requests | per s | p50 ms | p95 ms | p99 ms | max ms |"
                    + " errors | node CPU ms/req | PostgreSQL CPU ms/req | clients' CPU ms/req | node heap used MiB |"
                    + " node RSS MiB |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            List<Row> rows = new ArrayList<>();
            for (int clients : clientCounts) {
                rows.add(measure("ITI-18 FindDocuments", clients, seconds, Load.iti18(soap, tls, patients, askedPatients),
                        node));
            }
            for (int clients : clientCounts) {
                rows.add(measure("ITI-42 register 1 KOS", clients, seconds,
                        Load.iti42(soap, tls, patients, askedPatients, nextSeq), node));
            }
            long[] status = node.memory();
            System.out.printf(Locale.ROOT, "node JVM: heap committed %.0f MiB, max %.0f MiB; RSS peak (VmHWM) %.0f MiB%n",
                    status[1] / 1048576.0, status[2] / 1048576.0, status[4] / 1024.0);
            node.stop();
            node = null;

            System.out.printf(Locale.ROOT, "%n### The floor: the node's FindDocuments SQL as a prepared statement over"
                    + " JDBC, same BSNs%n%n| clients | queries | per s | p50 ms | p95 ms | p99 ms | ratio node/floor p95 |%n"
                    + "|---:|---:|---:|---:|---:|---:|---:|%n");
            for (int i = 0; i < clientCounts.length; i++) {
                Run floor = floor(schema, patients, askedPatients, clientCounts[i], seconds);
                Row ours = rows.get(i);
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f | %.2f | %.1f |%n", clientCounts[i],
                        floor.count(), floor.perSecond(), floor.percentile(50), floor.percentile(95),
                        floor.percentile(99), ours.run().percentile(95) / floor.percentile(95));
            }
            Map<String, long[]> after = IndexSeeder.sizes(schema);
            System.out.printf(Locale.ROOT, "%nafter the runs: %.2f GB in the registry's tables and indexes%n",
                    after.values().stream().mapToLong(s -> s[3]).sum() / 1e9);
            if (orthancStudies > 0) {
                OrthancIndexPeer.run(work.resolve("orthanc"), orthancStudies, clientCounts, seconds, asked);
            }
        } finally {
            if (node != null) {
                node.stop();
            }
            if (reuse == null && !"true".equals(System.getenv("INDEX_BENCH_KEEP"))) {
                AdtBenchmark.psqlIn("test", "drop schema " + schema + " cascade");
            } else {
                System.out.println("kept schema " + schema);
            }
        }
    }

    static long documentEntries(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(IndexSeeder.url(schema), "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from xds_document_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Row(String name, int clients, Run run) {
    }

    static Row measure(String name, int clients, int seconds, Load load, Node node) throws Exception {
        double cpu = GatewayBenchmark.cpuSeconds(node.pid());
        double pg = AdtBenchmark.postgresCpuSeconds();
        // The clients run in this JVM on the same cores as the node and PostgreSQL: what they take is not the node's.
        double own = ownCpuSeconds();
        Run run = load.run(clients, seconds);
        cpu = GatewayBenchmark.cpuSeconds(node.pid()) - cpu;
        pg = AdtBenchmark.postgresCpuSeconds() - pg;
        own = ownCpuSeconds() - own;
        long[] memory = node.memory();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.2f | %.0f |"
                        + " %.0f |%n",
                name, clients, run.count(), run.perSecond(), run.percentile(50), run.percentile(95), run.percentile(99),
                run.percentile(100), run.errors(), cpu * 1000 / run.count(), pg * 1000 / run.count(),
                own * 1000 / run.count(), memory[0] / 1048576.0, memory[3] / 1024.0);
        return new Row(name, clients, run);
    }

    /** This JVM's CPU time (user + system, all threads): the clients' during a run, which does nothing else. */
    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Latencies of one run in ms, with how many failed. */
    record Run(long[] nanos, long errors, double seconds) {
        long count() {
            return nanos.length;
        }

        double perSecond() {
            return nanos.length / seconds;
        }

        double percentile(int p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return BgzBenchmark.percentile(nanos, p) / 1e6;
        }

        static Run of(List<long[]> perClient, long errors, double seconds) {
            return new Run(perClient.stream().flatMapToLong(Arrays::stream).toArray(), errors, seconds);
        }
    }

    /** One kind of request, sent by n clients in parallel for a time. */
    interface Request {
        /** Sends one request and checks its answer; false when the answer is not the one expected. */
        boolean send(SplittableRandom random) throws Exception;
    }

    record Load(java.util.function.Supplier<Request> perClient) {
        static Load iti18(Soap soap, Tls tls, IndexData.Patients patients, int[] asked) {
            return new Load(() -> {
                HttpClient http = tls.client();
                return random -> {
                    int p = asked[random.nextInt(asked.length)];
                    String answer = soap.post(http, soap.query(patients.bsns()[p], random), Soap.ITI18_ACTION,
                            "xds-iti18", CONSUMER);
                    if (!answer.contains(SUCCESS)) {
                        throw new IllegalStateException("ITI-18 answered no Success: " + abbreviate(answer));
                    }
                    Matcher m = ENTRY.matcher(answer);
                    int n = 0;
                    while (m.find()) {
                        n++;
                    }
                    return n == patients.studies()[p];
                };
            });
        }

        /** New studies of patients other than those ITI-18 asks for, whose answers are checked against their count. */
        static Load iti42(Soap soap, Tls tls, IndexData.Patients patients, int[] asked, AtomicLong nextSeq) {
            java.util.BitSet askedOnes = new java.util.BitSet(patients.bsns().length);
            Arrays.stream(asked).forEach(askedOnes::set);
            return new Load(() -> {
                HttpClient http = tls.client();
                return random -> {
                    int p = random.nextInt(patients.bsns().length);
                    while (askedOnes.get(p)) {
                        p = random.nextInt(patients.bsns().length);
                    }
                    String[] v = IndexData.values(nextSeq.getAndIncrement(), patients.bsns()[p], p, random);
                    String answer = soap.post(http, soap.register(v, random), Soap.ITI42_ACTION, "xds-iti42", SOURCE);
                    if (!answer.contains(SUCCESS)) {
                        throw new IllegalStateException("ITI-42 answered no Success: " + abbreviate(answer));
                    }
                    return true;
                };
            });
        }

        Run run(int clients, int seconds) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                AtomicLong errors = new AtomicLong();
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                for (int c = 0; c < clients; c++) {
                    SplittableRandom random = new SplittableRandom(System.nanoTime() + c);
                    results.add(pool.submit(() -> {
                        Request request = perClient.get();
                        long[] out = new long[1024];
                        int n = 0;
                        while (System.nanoTime() < end) {
                            long t = System.nanoTime();
                            boolean ok = request.send(random);
                            long took = System.nanoTime() - t;
                            if (!ok) {
                                errors.incrementAndGet();
                            }
                            if (n == out.length) {
                                out = Arrays.copyOf(out, n * 2);
                            }
                            out[n++] = took;
                        }
                        return Arrays.copyOf(out, n);
                    }));
                }
                List<long[]> all = new ArrayList<>();
                for (Future<long[]> f : results) {
                    all.add(f.get());
                }
                return Run.of(all, errors.get(), (System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    /** The floor: JdbcMetadataStore.find's SQL for FindDocuments by BSN and Approved, limit max-results + 1. */
    static Run floor(String schema, IndexData.Patients patients, int[] asked, int clients, int seconds) throws Exception {
        return new Load(() -> {
            try {
                Connection c = DriverManager.getConnection(IndexSeeder.url(schema), "postgres", "");
                PreparedStatement s = c.prepareStatement(FIND_SQL);
                return random -> {
                    int p = asked[random.nextInt(asked.length)];
                    s.setString(1, patients.bsns()[p]);
                    s.setString(2, "APPROVED");
                    s.setInt(3, 1001);
                    int n = 0;
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                            rs.getString(2);
                            rs.getString(3);
                            rs.getBytes(4);
                            n++;
                        }
                    }
                    return n == patients.studies()[p];
                };
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }).run(clients, seconds);
    }

    static void printSeed(IndexData.Patients patients, IndexSeeder.Result r) {
        System.out.printf(Locale.ROOT, "seeded by COPY in %.0f s (%.0f entries/s), secondary indexes made in %.0f s,"
                + " VACUUM ANALYZE %.0f s%n", r.copySeconds(), patients.entries() / r.copySeconds(), r.indexSeconds(),
                r.vacuumSeconds());
        System.out.println("| table | rows | table with TOAST MB | indexes MB | total MB |");
        System.out.println("|---|---:|---:|---:|---:|");
        long total = 0;
        for (Map.Entry<String, long[]> e : r.sizes().entrySet()) {
            long[] s = e.getValue();
            total += s[3];
            System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f |%n", e.getKey(), s[0], s[1] / 1e6,
                    s[2] / 1e6, s[3] / 1e6);
        }
        System.out.printf(Locale.ROOT, "| all | | | | %.0f |%nbytes per DocumentEntry (all five tables, indexes"
                + " included): %.0f%n", total / 1e6, total / (double) patients.entries());
    }

    /** The plan of the node's FindDocuments for a patient with few studies and for one with 500. */
    static void explain(String schema, IndexData.Patients patients) throws Exception {
        int light = 0;
        int heavy = -1;
        for (int p = 0; p < patients.studies().length; p++) {
            if (patients.studies()[p] == IndexData.HEAVY) {
                heavy = p;
                break;
            }
        }
        try (Connection c = DriverManager.getConnection(IndexSeeder.url(schema), "postgres", "")) {
            for (int p : heavy < 0 ? new int[]{light} : new int[]{light, heavy}) {
                try (PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + FIND_SQL)) {
                    s.setString(1, patients.bsns()[p]);
                    s.setString(2, "APPROVED");
                    s.setInt(3, 1001);
                    System.out.printf("EXPLAIN ANALYZE FindDocuments, a patient with %d studies:%n",
                            patients.studies()[p]);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            System.out.println("    " + rs.getString(1));
                        }
                    }
                }
            }
        }
    }

    /**
     * Registers one study over ITI-42 and compares the node's rows with the ones {@link IndexSeeder} makes for the
     * same values: ebRIM texts equal but for the urn:uuids (the node's own, random), index columns equal.
     */
    static void checkRowsAsTheNodeWritesThem(Soap soap, Tls tls, String schema, int patient) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        // A patient of its own (none of the seeded ones), so every seeded patient's count stays as generated.
        String[] v = IndexData.values(999_999_999L, IndexData.bsn(patient), patient, random);
        String answer = soap.post(tls.client(), soap.register(v, random), Soap.ITI42_ACTION, "xds-iti42", SOURCE);
        if (!answer.contains(SUCCESS)) {
            throw new IllegalStateException("the node did not register the check study: " + abbreviate(answer));
        }
        IndexData.StoredTexts texts = IndexData.StoredTexts.make();
        try (Connection c = DriverManager.getConnection(IndexSeeder.url(schema), "postgres", "");
             Statement s = c.createStatement()) {
            String[][] pairs = new String[3][];
            try (ResultSet rs = s.executeQuery("select e.ebrim_packed, e.entry_uuid, e.submission_set_uuid, e.class_code,"
                    + " e.class_scheme, e.type_code, e.type_scheme, e.status, e.entry_type, e.repository_unique_id,"
                    + " e.home_community_id, e.service_start, e.logical_uuid from xds_document_entry e where e.unique_id = '"
                    + v[IndexData.S_ENTRY_UID] + "'")) {
                rs.next();
                v[IndexData.S_ENTRY_UUID] = rs.getString(2);
                v[IndexData.S_SET_UUID] = rs.getString(3);
                pairs[0] = new String[]{"DocumentEntry", PackedEbRim.unpack(rs.getBytes(1), "the check entry")};
                String index = String.join("|", rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
                String ours = String.join("|", texts.index().classCode().code(), texts.index().classCode().scheme(),
                        texts.index().typeCode().code(), texts.index().typeCode().scheme(), "APPROVED", "STABLE",
                        IndexData.REPOSITORY, IndexData.HOME);
                if (!index.equals(ours) || !rs.getString(13).equals(rs.getString(2))) {
                    throw new IllegalStateException("the node's index columns differ from the seeded ones: " + index
                            + " against " + ours);
                }
            }
            try (ResultSet rs = s.executeQuery("select ebrim_packed from xds_submission_set where entry_uuid = '"
                    + v[IndexData.S_SET_UUID] + "'")) {
                rs.next();
                pairs[1] = new String[]{"SubmissionSet", PackedEbRim.unpack(rs.getBytes(1), "the check set")};
            }
            try (ResultSet rs = s.executeQuery("select ebrim_packed, entry_uuid from xds_association where target_uuid = '"
                    + v[IndexData.S_ENTRY_UUID] + "'")) {
                rs.next();
                v[IndexData.S_ASSOC_UUID] = rs.getString(2);
                pairs[2] = new String[]{"Association", PackedEbRim.unpack(rs.getBytes(1), "the check association")};
            }
            try (ResultSet rs = s.executeQuery("select string_agg(id_type || '=' || ref_value || '=' || coalesce(issuer,"
                    + " '-'), ',' order by id_type) || ';' || (select string_agg(code || '=' || scheme, ',') from"
                    + " xds_document_event_code where entry_uuid = '" + v[IndexData.S_ENTRY_UUID] + "') from"
                    + " xds_document_reference where entry_uuid = '" + v[IndexData.S_ENTRY_UUID] + "'")) {
                rs.next();
                System.out.println("the node's reference and event code rows for the check study: "
                        + rs.getString(1).replace(v[IndexData.S_STUDY], "<study>").replace(v[IndexData.S_ACCESSION],
                        "<accession>"));
            }
            IndexData.Template[] ours = {texts.entry(), texts.submissionSet(), texts.association()};
            for (int i = 0; i < 3; i++) {
                String node = IndexData.UUID.matcher(pairs[i][1]).replaceAll("urn:uuid:*");
                String seeded = IndexData.UUID.matcher(ours[i].fill(v, random)).replaceAll("urn:uuid:*");
                if (!node.equals(seeded)) {
                    throw new IllegalStateException("the seeded " + pairs[i][0] + " ebRIM differs from the node's:\n"
                            + node + "\n" + seeded);
                }
            }
        }
        System.out.println("check: a study registered by the node over ITI-42 and the same study seeded give the same"
                + " ebRIM (urn:uuids aside) and index columns");
    }

    /** Each asked patient's consent to image availability for the consumer's organisation, on the console. */
    static void recordConsents(Tls tls, String base, int[] asked, IndexData.Patients patients) throws Exception {
        HttpClient console = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.context())
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
        for (int p : Arrays.stream(asked).distinct().toArray()) {
            String form = "_csrf=" + BgzBenchmark.enc(csrf) + "&bsn=" + patients.bsns()[p]
                    + "&purpose=IMAGE_AVAILABILITY&permits=true&scope=INSTITUTION&scopeValue=" + CONSUMER_URA
                    + "&method=WRITTEN";
            HttpResponse<String> r = console.send(HttpRequest.newBuilder(URI.create(base
                    + "/privacy/consents/record")).header("Authorization", auth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("recording a consent answered " + r.statusCode());
            }
        }
    }

    /** The requests as SOAP 1.2 with WS-Addressing, written once with IPF's transformers, values put in per request. */
    static final class Soap {
        static final String ITI42_ACTION = "urn:ihe:iti:2007:RegisterDocumentSet-b";
        static final String ITI18_ACTION = "urn:ihe:iti:2007:RegistryStoredQuery";
        private final String base;
        private final IndexData.Template register;
        private final IndexData.Template query;

        Soap(String base) throws Exception {
            this.base = base;
            String[] v = IndexData.placeholders();
            this.register = IndexData.Template.of(
                    envelope(ITI42_ACTION, base + "/services/xds-iti42", body(EbRim.write(IndexData.submission(v, false)))),
                    envelope(ITI42_ACTION, base + "/services/xds-iti42", body(EbRim.write(IndexData.submission(v, false)))));
            FindDocumentsQuery find = new FindDocumentsQuery();
            find.setPatientId(new Identifiable(IndexData.P_BSN, new AssigningAuthority(Bsn.ISSUER_OID, "ISO")));
            find.setStatus(List.of(AvailabilityStatus.APPROVED));
            QueryRegistry request = new QueryRegistry(find);
            request.setReturnType(QueryReturnType.LEAF_CLASS);
            AdhocQueryRequest adhoc = new QueryRegistryTransformer(new EbXMLFactory30()).toEbXML(request).getInternal();
            Marshaller marshaller = JAXBContext.newInstance(AdhocQueryRequest.class).createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            marshaller.marshal(adhoc, out);
            String text = envelope(ITI18_ACTION, base + "/services/xds-iti18", out.toString());
            this.query = IndexData.Template.of(text, text);
        }

        String register(String[] v, SplittableRandom random) {
            v[IndexData.S_MESSAGE_ID] = IndexData.uuid(random);
            return register.fill(v, random);
        }

        String query(String bsn, SplittableRandom random) {
            String[] v = new String[IndexData.NAMES.length];
            v[IndexData.S_BSN] = bsn;
            v[IndexData.S_MESSAGE_ID] = IndexData.uuid(random);
            return query.fill(v, random);
        }

        private static String body(String document) {
            return document.startsWith("<?xml") ? document.substring(document.indexOf("?>") + 2) : document;
        }

        private static String envelope(String action, String to, String body) {
            return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                    + " xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header>"
                    + "<a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
                    + "<a:MessageID>" + IndexData.P_MESSAGE_ID + "</a:MessageID>"
                    + "<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>"
                    + "<a:To s:mustUnderstand=\"1\">" + to + "</a:To></s:Header><s:Body>" + body
                    + "</s:Body></s:Envelope>";
        }

        String post(HttpClient http, String envelope, String action, String service, String user) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/services/" + service))
                    .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(service + " answered HTTP " + r.statusCode() + ": "
                        + abbreviate(r.body()));
            }
            return r.body();
        }
    }

    /** The node's certificate (self-signed, subjectAltName IP:127.0.0.1, made by keytool) and the clients' trust. */
    record Tls(Path keyStore, SSLContext context) {
        static Tls make(Path dir) throws Exception {
            Files.createDirectories(dir);
            Path p12 = dir.resolve("node.p12");
            Path cert = dir.resolve("node.pem");
            run(dir, "keytool", "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12",
                    "-keystore", p12.toString(), "-storepass", "changeit");
            run(dir, "keytool", "-exportcert", "-rfc", "-alias", "node", "-keystore", p12.toString(), "-storepass",
                    "changeit", "-file", cert.toString());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("node", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return new Tls(p12, context);
        }

        /** A client of its own: one HTTP/1.1 connection kept open. */
        HttpClient client() {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        private static void run(Path dir, String... command) throws Exception {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        }
    }

    /** The node as deployed: java -jar zorgbrug.jar serve, HTTPS on its web port, the registry on. */
    record Node(Process process, int port, Path dir) {
        static Node start(Path work, String schema, Tls tls) throws Exception {
            int port = StorageBenchmark.freePort();
            Path dir = Files.createDirectories(work.resolve("node"));
            String yml = "server.port: " + port + "\n"
                    + "server.ssl.key-store: " + tls.keyStore() + "\nserver.ssl.key-store-password: changeit\n"
                    + "server.ssl.key-store-type: PKCS12\n"
                    + "spring.datasource.url: jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema + "\n"
                    + "spring.datasource.username: postgres\nspring.flyway.schemas: " + schema + "\n"
                    + "zorgbrug:\n  data-dir: " + dir.resolve("data") + "\n"
                    + "  users:\n"
                    + "    - {name: privacy, password: '{noop}bench', roles: [PRIVACY_OFFICER]}\n"
                    + "    - {name: " + SOURCE + ", password: '{noop}" + PASSWORD + "', roles: [SENDER]}\n"
                    + "    - {name: " + CONSUMER + ", password: '{noop}" + PASSWORD + "', roles: [SENDER]}\n"
                    + "  gateway:\n    port: " + StorageBenchmark.freePort() + "\n"
                    + "  registry:\n    enabled: true\n    requesters:\n"
                    + "      - {user: " + CONSUMER + ", ura: \"" + CONSUMER_URA + "\", institution-type: V4}\n";
            Files.writeString(dir.resolve("node.yml"), yml);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            String javaOpts = System.getenv("INDEX_BENCH_NODE_JAVA_OPTS");
            if (javaOpts != null && !javaOpts.isBlank()) {
                command.addAll(List.of(javaOpts.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", GatewayBenchmark.nodeJar().toAbsolutePath().toString(), "serve", "--config",
                    dir.resolve("node.yml").toString()));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Node node = new Node(process, port, dir);
            node.awaitHealth(tls);
            return node;
        }

        String base() {
            return "https://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }

        void awaitHealth(Tls tls) throws Exception {
            HttpClient http = tls.client();
            long deadline = System.currentTimeMillis() + 180_000;
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // starting
                }
                if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("the node did not start; see " + dir.resolve("node.log"));
                }
                Thread.sleep(200);
            }
        }

        /** Heap used, committed and max (bytes, jcmd GC.heap_info), RSS now and peak (kB, /proc). */
        long[] memory() throws Exception {
            long used = -1;
            long committed = -1;
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
            if (m.find()) {
                committed = Long.parseLong(m.group(1)) * 1024;
                used = Long.parseLong(m.group(2)) * 1024;
            }
            long max = -1;
            Process flags = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid()), "VM.flags").redirectErrorStream(true).start();
            Matcher mx = Pattern.compile("MaxHeapSize=(\\d+)").matcher(new String(flags.getInputStream().readAllBytes()));
            flags.waitFor();
            if (mx.find()) {
                max = Long.parseLong(mx.group(1));
            }
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new long[]{used, committed, max, rss, hwm};
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
