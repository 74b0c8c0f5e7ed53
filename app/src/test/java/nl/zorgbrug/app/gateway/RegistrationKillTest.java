package nl.zorgbrug.app.gateway;

import static nl.zorgbrug.app.gateway.KillTestData.ct;
import static nl.zorgbrug.app.gateway.KillTestData.LOCAL_ISSUER;
import static nl.zorgbrug.app.gateway.KillTestData.longs;
import static nl.zorgbrug.app.gateway.KillTestData.ms;
import static nl.zorgbrug.app.gateway.KillTestData.strings;
import static nl.zorgbrug.app.gateway.KillTestData.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * Issue 20's availability demand for the source side, "kill -9 of any node mid-register: nothing lost, nothing
 * twice": one node that is Imaging Document Source and Document Registry at once ({@code zorgbrug serve} in a process
 * of its own on a schema of the test PostgreSQL, the source's ITI-42 to its own {@code /services/xds-iti42}) gets 20
 * small CT studies of 20 patients from the own PACS (dcmtk {@code storescu} to the registration route) and registers
 * each as a job of channel REGISTRY. It is killed with SIGKILL twice while registrations run and started again on the
 * same data. In the end every study is in the registry exactly once (one Approved IMAGES DocumentEntry per Study
 * Instance UID, one SubmissionSet per study, one KOS in the node's repository marked registered) and every
 * registration job is DONE; none is left FAILED or HELD.
 *
 * <p>Kill points come from a seeded random (printed; {@code -Dzorgbrug.faults.seed=N} repeats a run): the first when
 * the registry holds 1–9 of the 20 entries, the second, after the restart, when it holds 11–18, each followed by 0–199
 * ms more, so that a kill lands anywhere in an attempt: making the KOS, keeping it, the ITI-42 on the wire, the
 * registry's transaction, between the registry's Success and the source's record of it, or the job's end. The node is
 * source and registry at once, so each kill stops both sides of the same registration.
 */
class RegistrationKillTest {
    static final int STUDIES = 20;
    static final int IMAGES_PER_STUDY = 3;
    static final String USER = "root";
    static final String PASSWORD = "kill-register";
    static final String SOURCE = "ris-source-a";
    static final String SOURCE_PASSWORD = "source-test";

    @TempDir
    Path tmp;

    /** Kill when the registry holds {@code entries} DocumentEntries, {@code extraMillis} later. */
    record KillPoint(int entries, int extraMillis) {
    }

    @Test
    void everyStudyIsRegisteredExactlyOnceWhereverTheNodeIsKilled() throws Exception {
        Dcmtk.require();
        long seed = Long.getLong("zorgbrug.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        List<KillPoint> points = List.of(new KillPoint(1 + random.nextInt(9), random.nextInt(200)),
                new KillPoint(11 + random.nextInt(8), random.nextInt(200)));
        System.out.println("registration kill points (seed " + seed + "): " + points);

        TwoNodes db = TwoNodes.onNewSchema(tmp);
        String jdbcUrl = TwoNodes.PG_URL + "?currentSchema=" + db.schema;
        int httpPort = Dcmtk.freePort();
        int dicomPort = Dcmtk.freePort();
        Path config = writeConfig(jdbcUrl, db.dbUser, httpPort, dicomPort);
        Path log = tmp.resolve("node.log");
        List<String> figures = new ArrayList<>();
        NodeProcess node = null;
        try (Connection sql = DriverManager.getConnection(jdbcUrl, db.dbUser, "")) {
            long started = System.nanoTime();
            node = NodeProcess.start(config, log, httpPort, USER, PASSWORD);
            figures.add("first start " + ms(started) + " ms");

            List<String> bsns = TestBsns.first(STUDIES);
            StringBuilder csv = new StringBuilder("local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                    + "birth_date,sex\n");
            for (int i = 0; i < STUDIES; i++) {
                csv.append("PAT-KR-").append(i).append(',').append(LOCAL_ISSUER).append(',').append(bsns.get(i))
                        .append(",validated,Dijk,Jürgen,19811231,M\n");
            }
            node.call("POST", "/api/mpi/import", "text/csv", csv.toString());

            Map<String, String> studies = new LinkedHashMap<>(); // Study Instance UID -> the patient's BSN
            List<Path> files = new ArrayList<>();
            Path in = Files.createDirectories(tmp.resolve("pacs"));
            for (int i = 0; i < STUDIES; i++) {
                String uid = TestSubmissions.uid(random);
                studies.put(uid, bsns.get(i));
                for (int n = 1; n <= IMAGES_PER_STUDY; n++) {
                    files.add(write(in, ct(uid, "PAT-KR-" + i, "ACC-KR-" + i, n)));
                }
            }
            // One association, as a PACS forwards its finished studies; the quiet time (3 s) lets all 60 arrive
            // before the first job is due, so the kills fall among registrations, not receptions.
            long sent = System.nanoTime();
            assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicomPort, files)).as("storescu").isZero();
            figures.add(STUDIES + " studies (" + files.size() + " images) sent in " + ms(sent) + " ms");

            for (int k = 0; k < points.size(); k++) {
                KillPoint point = points.get(k);
                long waitFrom = System.currentTimeMillis();
                int held = entries(sql);
                while (held < point.entries()) {
                    assertThat(System.currentTimeMillis() - waitFrom).as("kill %d: the registry reached %d entries"
                            + " (holds %d); jobs %s\n%s", k + 1, point.entries(), held, jobStates(sql),
                            node.logTail()).isLessThan(90_000);
                    Thread.sleep(10);
                    held = entries(sql);
                }
                Thread.sleep(point.extraMillis());
                int atKill = entries(sql);
                String jobsAtKill = jobStates(sql).toString();
                node.kill(); // SIGKILL
                int afterKill = entries(sql);
                long restarting = System.nanoTime();
                node.start();
                String line = String.format("kill %d at %s: registry held %d entries (%d after the kill), jobs %s;"
                        + " started again in %d ms", k + 1, point, atKill, afterKill, jobsAtKill, ms(restarting));
                System.out.println(line);
                figures.add(line);
            }

            long recovering = System.nanoTime();
            Map<String, Integer> states = jobStates(sql);
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline && !(states.size() == 1
                    && states.getOrDefault("DONE", 0) == STUDIES)) {
                Thread.sleep(100);
                states = jobStates(sql);
            }
            figures.add("every job DONE " + ms(recovering) + " ms after the last restart; attempts in all "
                    + attempts(sql));

            assertThat(states).as("registration jobs by state (none FAILED or HELD); jobs %s\n%s", jobs(sql),
                    node.logTail()).isEqualTo(Map.of("DONE", STUDIES));
            for (Map.Entry<String, String> study : studies.entrySet()) {
                String uid = study.getKey();
                assertThat(longs(sql, "select count(*) from job where study_instance_uid = ? and destination ="
                        + " 'registry'", uid)).as("one registration job for study %s", uid).isEqualTo(1);
                assertThat(strings(sql, "select e.status || ' ' || e.class_code || ' ' || e.patient_bsn from"
                        + " xds_document_entry e where exists (select 1 from xds_document_reference r where"
                        + " r.entry_uuid = e.entry_uuid and r.ref_value = ?)", uid))
                        .as("the registry's entries of study %s", uid)
                        .containsExactly("APPROVED IMAGES " + study.getValue());
                assertThat(strings(sql, "select coalesce(cast(registered as varchar), 'never') from"
                        + " xds_repository_document where study_instance_uid = ?", uid))
                        .as("the KOS of study %s in the node's repository, registered", uid)
                        .hasSize(1).noneMatch("never"::equals);
            }
            // Each kill may cost a job the attempt it interrupted; a restart must cost none more (the node's own
            // start is not "the registry got no answer": GatewayConfiguration.deliveryStart).
            assertThat(longs(sql, "select max(attempts) from job where destination = 'registry'", null))
                    .as("attempts of the job tried most; jobs %s", jobs(sql)).isLessThanOrEqualTo(1 + points.size());
            assertThat(longs(sql, "select count(*) from xds_submission_set", null)).as("one SubmissionSet per study")
                    .isEqualTo(STUDIES);
            assertThat(longs(sql, "select count(*) from xds_document_entry", null)).as("entries in the registry")
                    .isEqualTo(STUDIES);
        } finally {
            System.out.println(String.join("\n", figures));
            if (node != null) {
                node.kill();
            }
            db.close();
            Files.createDirectories(DatabaseFailoverTest.LOGS);
            if (Files.exists(log)) {
                Files.copy(log, DatabaseFailoverTest.LOGS.resolve("registration-kill.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Source and registry in one node on the test's schema: the source registers with the node's own ITI-42 (HTTP on
     * loopback: the TLS of the region is RegistryNodeTest's matter), as user {@link #SOURCE} with role SENDER; the
     * registration route takes the PACS's studies; retries after 1 s, leases of 8 s (a restarted node takes its own
     * jobs up again once the lease it held before the kill has passed).
     */
    private Path writeConfig(String jdbcUrl, String dbUser, int httpPort, int dicomPort) throws IOException {
        return Files.writeString(tmp.resolve("node.yml"), String.join("\n",
                "server.port: " + httpPort,
                "spring.datasource.url: '" + jdbcUrl + "'",
                "spring.datasource.username: " + dbUser,
                "spring.datasource.password: ''",
                "zorgbrug:",
                "  data-dir: " + tmp.resolve("data"),
                "  spool-min-free: 1MB",
                "  node: {id: source-registry, lease: 8s, lease-margin: 3s}",
                "  retry: {initial: 1s, factor: 1.0, max: 2s}",
                "  users:",
                "    - {name: " + USER + ", password: '{noop}" + PASSWORD + "', roles: [ADMIN, OPERATOR]}",
                "    - {name: " + SOURCE + ", password: '{noop}" + SOURCE_PASSWORD + "', roles: [SENDER]}",
                "  registry:",
                "    enabled: true",
                "    source:",
                "      enabled: true",
                "      url: http://127.0.0.1:" + httpPort + "/services/xds-iti42",
                "      user: " + SOURCE,
                "      password: " + SOURCE_PASSWORD,
                "      source-id: 2.16.528.1.1007.99.5",
                "      repository-unique-id: 2.16.528.1.1007.99.7.1",
                "      institution: Ziekenhuis Test",
                "      institution-oid: " + LOCAL_ISSUER,
                "  gateway:",
                "    port: " + dicomPort,
                "    local-issuer: " + LOCAL_ISSUER,
                "    quiet-time: 3s",
                "    routes:",
                "      - {name: register, called-ae-title: ZB_REGISTER, direction: EXPORT, destination: registry}",
                ""));
    }

    /** The DocumentEntries the registry holds (the table exists once the node has migrated the schema). */
    private static int entries(Connection sql) throws Exception {
        return (int) longs(sql, "select count(*) from xds_document_entry", null);
    }

    private static Map<String, Integer> jobStates(Connection sql) throws Exception {
        Map<String, Integer> states = new java.util.TreeMap<>();
        try (PreparedStatement s = sql.prepareStatement("select state, count(*) from job where destination ="
                + " 'registry' group by state"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                states.put(r.getString(1), r.getInt(2));
            }
        }
        return states;
    }

    private static long attempts(Connection sql) throws Exception {
        return longs(sql, "select coalesce(sum(attempts), 0) from job where destination = 'registry'", null);
    }

    private static List<String> jobs(Connection sql) throws Exception {
        return strings(sql, "select id || ' ' || state || ' ' || attempts || ' ' || coalesce(reason, '') from job"
                + " where destination = 'registry' order by id", null);
    }
}
