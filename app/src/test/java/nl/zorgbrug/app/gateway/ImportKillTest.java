package nl.zorgbrug.app.gateway;

import static nl.zorgbrug.app.gateway.KillTestData.LOCAL_ISSUER;
import static nl.zorgbrug.app.gateway.KillTestData.longs;
import static nl.zorgbrug.app.gateway.KillTestData.ms;
import static nl.zorgbrug.app.gateway.KillTestData.strings;
import static nl.zorgbrug.app.gateway.KillTestData.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import nl.zorgbrug.app.consent.JdbcConsentStore;
import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * Issue 20's availability demand for the consumer side, "kill -9 of any node mid-import: nothing lost, nothing twice":
 * one node ({@code zorgbrug serve} in a process of its own on a schema of the test PostgreSQL) is Imaging Document
 * Source (its own PACS an Orthanc with the DICOMweb plugin, as installed), Document Registry and Imaging Document
 * Consumer. A CT study of {@value #INSTANCES} instances, registered by its job, is imported ({@code POST
 * /api/images/import}: ITI-43 for the KOS, RAD-69 for each instance from the node's own responder) into the import route
 * to hospital B's PACS, an Orthanc as installed that lists the node's AE title (so the gateway's in-doubt check may ask it
 * by C-FIND) and counts every instance arriving over DICOM. The node is killed with SIGKILL three times while the import
 * runs and started again on the same data; in the end the import is DONE, every instance arrived at B exactly once
 * under B's local id and issuer, and none was left in hand.
 *
 * <p>Kill points come from a seeded random (printed; {@code -Dzorgbrug.faults.seed=N} repeats a run): when the import
 * route has taken 3–12, 18–27 and 33–42 of the instances (the gateway's own job rows), each followed by 0–199 ms more,
 * so that a kill lands anywhere in an instance's way: its RAD-69 on the wire, the route's spool, the route's commit,
 * between that commit and the import's record of it (the window docs/availability.md named), or the delivery to B.
 */
class ImportKillTest {
    static final int INSTANCES = 50;
    static final String USER = "root";
    static final String PASSWORD = "kill-import";
    static final String SOURCE = "ris-source-a";
    static final String SOURCE_PASSWORD = "source-test";
    static final String CONSUMER = "ris-consumer-b";
    static final String CONSUMER_PASSWORD = "consumer-test";
    static final String CONSUMER_URA = "00002222";
    static final String REPOSITORY = "2.16.528.1.1007.99.7.1";
    static final String LOCAL_ID = "PAT-KI-1";
    static final String CALLING_AE = "ZORGBRUG_B";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Kill when the import route has taken {@code taken} instances, {@code extraMillis} later. */
    record KillPoint(int taken, int extraMillis) {
    }

    @Test
    void everyImportedInstanceArrivesOnceWhereverTheConsumerIsKilled() throws Exception {
        Dcmtk.require();
        long seed = Long.getLong("zorgbrug.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        List<KillPoint> points = List.of(new KillPoint(3 + random.nextInt(10), random.nextInt(200)),
                new KillPoint(18 + random.nextInt(10), random.nextInt(200)),
                new KillPoint(33 + random.nextInt(10), random.nextInt(200)));
        System.out.println("import kill points (seed " + seed + "): " + points);

        TwoNodes db = TwoNodes.onNewSchema(tmp);
        String jdbcUrl = TwoNodes.PG_URL + "?currentSchema=" + db.schema;
        int httpPort = Dcmtk.freePort();
        int dicomPort = Dcmtk.freePort();
        Path pacsBDir = Files.createDirectories(tmp.resolve("orthanc-b"));
        Path log = tmp.resolve("node.log");
        List<String> figures = new ArrayList<>();
        NodeProcess node = null;
        long began = System.nanoTime();
        // The own PACS as the hospital left it (WADO-RS at /dicom-web), and B's PACS as installed: DIMSE (but C-STORE
        // and C-ECHO) only for the AE titles it lists, the node's one of them.
        try (OrthancPeer pacsA = OrthancPeer.startWithDicomWeb(Files.createDirectories(tmp.resolve("orthanc-a")));
             OrthancPeer pacsB = OrthancPeer.startCountingReceptions(pacsBDir,
                     Map.of("zorgbrug", new OrthancPeer.Modality(CALLING_AE, dicomPort)),
                     OrthancPeer.Access.AS_INSTALLED);
             Connection sql = DriverManager.getConnection(jdbcUrl, db.dbUser, "")) {
            Path config = writeConfig(jdbcUrl, db.dbUser, httpPort, dicomPort, pacsA.dicomWebRoot());
            long started = System.nanoTime();
            node = NodeProcess.start(config, log, httpPort, USER, PASSWORD);
            figures.add("first start " + ms(started) + " ms");

            Bsn bsn = Bsn.parse(TestBsns.first(1).get(0));
            node.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,"
                    + "given_name,birth_date,sex\n" + LOCAL_ID + "," + LOCAL_ISSUER + "," + bsn.value()
                    + ",verified+validated,Dijk,Jürgen,19811231,M\n");
            node.call("PUT", "/api/institutions/pacs-b", "application/json", "{\"key\":\"pacs-b\",\"name\":\"PACS"
                    + " ziekenhuis B\",\"patientIdIssuerOid\":\"" + LOCAL_ISSUER + "\",\"aeTitle\":\""
                    + OrthancPeer.AET + "\",\"host\":\"127.0.0.1\",\"port\":" + pacsB.dicomPort() + ",\"tls\":false}");
            consentToImageAvailability(jdbcUrl, db.dbUser, bsn);

            // The study in A's PACS, forwarded by the PACS to the registration route (one association) and registered.
            String study = TestSubmissions.uid(random);
            Path in = Files.createDirectories(tmp.resolve("pacs"));
            List<Path> files = new ArrayList<>();
            List<String> sops = new ArrayList<>();
            for (int n = 1; n <= INSTANCES; n++) {
                Path file = write(in, ct(study, n));
                files.add(file);
                sops.add(study + ".1." + n);
                HttpResponse<String> stored = pacsA.postBytes("/instances", Files.readAllBytes(file));
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            }
            long registering = System.nanoTime();
            assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicomPort, files)).as("storescu").isZero();
            awaitState(sql, "select state from job where destination = 'registry' and study_instance_uid = ?", study,
                    "DONE", node);
            figures.add("registered in " + ms(registering) + " ms");

            HttpResponse<String> requested = node.request("POST", "/api/images/import", "application/json",
                    "{\"localId\": \"" + LOCAL_ID + "\", \"studyInstanceUid\": \"" + study + "\"}");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            long id = JSON.readTree(requested.body()).get("id").asLong();
            long importing = System.nanoTime();
            Map<String, Integer> windows = new TreeMap<>(); // where the kills found the instance in hand

            for (int k = 0; k < points.size(); k++) {
                KillPoint point = points.get(k);
                long waitFrom = System.currentTimeMillis();
                int taken = taken(sql, study);
                while (taken < point.taken()) {
                    assertThat(System.currentTimeMillis() - waitFrom).as("kill %d: the import route reached %d"
                            + " instances (has %d); import %s\n%s", k + 1, point.taken(), taken, importRow(sql, id),
                            node.logTail()).isLessThan(90_000);
                    Thread.sleep(5);
                    taken = taken(sql, study);
                }
                Thread.sleep(point.extraMillis());
                int atKill = taken(sql, study);
                node.kill(); // SIGKILL
                int afterKill = taken(sql, study);
                List<String> inHand = new ArrayList<>();
                for (String sop : strings(sql, "select sop_instance_uid from xds_image_import_instance where"
                        + " import_id = " + id + " and admission = 'HANDING'", null)) {
                    String where = whereInHand(sql, study, sop);
                    windows.merge(where, 1, Integer::sum);
                    inHand.add(sop.substring(study.length()) + " " + where);
                }
                int recorded = (int) longs(sql, "select count(*) from xds_image_import_instance where import_id = "
                        + id + " and admission <> 'HANDING'", null);
                long restarting = System.nanoTime();
                node.start();
                String line = String.format("kill %d at %s: the route had taken %d (%d after the kill), the import"
                        + " recorded %d, in hand [%s], arrived at B %d; started again in %d ms", k + 1, point, atKill,
                        afterKill, recorded, String.join(", ", inHand), OrthancPeer.receptions(pacsBDir).size(),
                        ms(restarting));
                System.out.println(line);
                figures.add(line);
            }

            long recovering = System.nanoTime();
            awaitState(sql, "select state from xds_image_import where study_instance_uid = ?", study, "DONE", node);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !(delivered(sql, study)
                    && instancesIn(pacsB, study) == INSTANCES)) {
                Thread.sleep(200);
            }
            figures.add("instances in hand at the kills: " + windows);
            figures.add("import DONE and B holding the study " + ms(recovering) + " ms after the last restart ("
                    + ms(importing) + " ms after the request); import " + importRow(sql, id));

            assertThat(importRow(sql, id)).as("the import").isEqualTo("DONE " + INSTANCES + " " + INSTANCES + " 0");
            assertThat(strings(sql, "select admission from xds_image_import_instance where import_id = " + id, null))
                    .as("each instance recorded once, none left in hand").hasSize(INSTANCES)
                    .containsOnly("IMPORTED");
            assertThat(delivered(sql, study)).as("the jobs to B: %s\n%s", strings(sql, "select id || ' ' || state"
                    + " || ' ' || coalesce(reason, '') from job where direction = 'IMPORT'", null), node.logTail())
                    .isTrue();
            assertThat(longs(sql, "select count(*) from quarantine_item", null)).as("nothing quarantined").isZero();
            // A copy fetched again differs from the first (the source's swap stamps the retrieval time): the gateway
            // would keep it as a corrected version and send it again. Every instance is the route's first version.
            assertThat(strings(sql, "select i.sop_instance_uid || ' v' || i.version from job_instance i join job j on"
                    + " j.id = i.job_id where j.direction = 'IMPORT' and j.study_instance_uid = ? and i.version <> 1",
                    study)).as("instances the import route got a second version of").isEmpty();
            assertThat(taken(sql, study)).as("instances in the import route's jobs").isEqualTo(INSTANCES);
            Map<String, Integer> receptions = new TreeMap<>(OrthancPeer.receptions(pacsBDir));
            assertThat(receptions).as("every instance arrived at B exactly once (SOP Instance UID -> arrivals)")
                    .containsOnlyKeys(sops).allSatisfy((sop, times) -> assertThat(times).as(sop).isEqualTo(1));
            JsonNode inB = JSON.readTree(pacsB.post("/tools/find", "{\"Level\": \"Instance\", \"Expand\": true,"
                    + " \"Query\": {\"StudyInstanceUID\": \"" + study + "\"}}").body());
            assertThat(inB).as("B's Orthanc holds the study").hasSize(INSTANCES);
            JsonNode tags = JSON.readTree(pacsB.get("/instances/" + inB.get(0).get("ID").asText()
                    + "/simplified-tags").body());
            assertThat(tags.get("PatientID").asText()).as("B's local id").isEqualTo(LOCAL_ID);
            assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(LOCAL_ISSUER);
        } finally {
            System.out.println(String.join("\n", figures));
            System.out.println("whole test " + ms(began) + " ms");
            if (node != null) {
                node.kill();
            }
            db.close();
            Files.createDirectories(DatabaseFailoverTest.LOGS);
            if (Files.exists(log)) {
                Files.copy(log, DatabaseFailoverTest.LOGS.resolve("import-kill.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Source, registry and consumer in one node on the test's schema, over HTTP on loopback (the region's TLS is
     * RegistryNodeTest's matter): the source registers with the node's own ITI-42 as {@link #SOURCE}; the consumer asks
     * the node's ITI-18 and imports by its ITI-43 and RAD-69 as {@link #CONSUMER}, on behalf of {@link #CONSUMER_URA};
     * the import route files the instances for B's PACS ({@code pacs-b}). Retries after 1 s, leases of 8 s.
     */
    private Path writeConfig(String jdbcUrl, String dbUser, int httpPort, int dicomPort, String pacsUrl)
            throws IOException {
        String base = "http://127.0.0.1:" + httpPort + "/services/";
        return Files.writeString(tmp.resolve("node.yml"), String.join("\n",
                "server.port: " + httpPort,
                "spring.datasource.url: '" + jdbcUrl + "'",
                "spring.datasource.username: " + dbUser,
                "spring.datasource.password: ''",
                "zorgbrug:",
                "  data-dir: " + tmp.resolve("data"),
                "  spool-min-free: 1MB",
                "  node: {id: source-consumer, lease: 8s, lease-margin: 3s}",
                "  retry: {initial: 1s, factor: 1.0, max: 2s}",
                "  audit: {organisation-ura: '" + CONSUMER_URA + "'}",
                "  users:",
                "    - {name: " + USER + ", password: '{noop}" + PASSWORD + "', roles: [ADMIN, OPERATOR]}",
                "    - {name: " + SOURCE + ", password: '{noop}" + SOURCE_PASSWORD + "', roles: [SENDER]}",
                "    - {name: " + CONSUMER + ", password: '{noop}" + CONSUMER_PASSWORD + "', roles: [SENDER]}",
                "  registry:",
                "    enabled: true",
                "    requesters:",
                "      - {user: " + CONSUMER + ", ura: '" + CONSUMER_URA + "', institution-type: V4}",
                "    source:",
                "      enabled: true",
                "      url: " + base + "xds-iti42",
                "      user: " + SOURCE,
                "      password: " + SOURCE_PASSWORD,
                "      source-id: 2.16.528.1.1007.99.5",
                "      repository-unique-id: " + REPOSITORY,
                "      institution: Ziekenhuis Test",
                "      institution-oid: " + LOCAL_ISSUER,
                "      pacs: {url: '" + pacsUrl + "'}",
                "    consumer:",
                "      enabled: true",
                "      url: " + base + "xds-iti18",
                "      user: " + CONSUMER,
                "      password: " + CONSUMER_PASSWORD,
                "      institution: Ziekenhuis B",
                "      import-route: import",
                "      repositories:",
                "        - repository-unique-id: " + REPOSITORY,
                "          iti43-url: " + base + "xds-iti43",
                "          rad69-url: " + base + "xdsi-rad69",
                "          retrieval: RAD_69",
                "          user: " + CONSUMER,
                "          password: " + CONSUMER_PASSWORD,
                "  gateway:",
                "    port: " + dicomPort,
                "    calling-ae-title: " + CALLING_AE,
                "    local-issuer: " + LOCAL_ISSUER,
                "    quiet-time: 3s",
                "    routes:",
                "      - {name: register, called-ae-title: ZB_REGISTER, direction: EXPORT, destination: registry}",
                "      - {name: import, called-ae-title: ZB_IMPORT, direction: IMPORT, destination: pacs-b}",
                ""));
    }

    /** The patient's categorical consent for image availability, to all caregivers, as the desk records it. */
    private static void consentToImageAvailability(String jdbcUrl, String dbUser, Bsn bsn) {
        Instant now = Instant.now();
        DriverManagerDataSource ds = new DriverManagerDataSource(jdbcUrl, dbUser, "");
        new JdbcConsentStore(new JdbcTemplate(ds)).save(new ConsentRecord("import-kill-" + now.toEpochMilli(), bsn,
                Purpose.IMAGE_AVAILABILITY, true, new Scope.AllCaregivers(), Set.of(), now.minusSeconds(60), null,
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "desk", now.minusSeconds(60)), null));
    }

    private static DataSet ct(String study, int n) {
        return KillTestData.ct(study, LOCAL_ID, "ACC-KI-1", n);
    }

    /** Waits (90 s at most) until {@code query} answers {@code state} for {@code arg}. */
    private static void awaitState(Connection sql, String query, String arg, String state, NodeProcess node)
            throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        List<String> found = List.of();
        while (System.currentTimeMillis() < deadline) {
            found = strings(sql, query, arg);
            if (found.contains(state)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited for " + state + " of " + arg + ": " + found + "\n" + node.logTail());
    }

    /** The instances of the study the import route has taken: rows of its IMPORT jobs (the gateway's own record). */
    private static int taken(Connection sql, String study) throws Exception {
        return (int) longs(sql, "select count(*) from job_instance i join job j on j.id = i.job_id where"
                + " j.direction = 'IMPORT' and j.study_instance_uid = ?", study);
    }

    /**
     * Where the instance the import had in hand was when the node was killed: taken by the route (its commit came, the
     * import's record of it did not: the window the V75 mark closes), spooled by the route but not yet committed (the
     * readmission at start admits it), or not yet at the route.
     */
    private String whereInHand(Connection sql, String study, String sop) throws Exception {
        if (longs(sql, "select count(*) from job_instance i join job j on j.id = i.job_id where j.direction = 'IMPORT'"
                + " and i.sop_instance_uid = ?", sop) > 0) {
            return "taken by the route, not recorded";
        }
        try (var files = Files.walk(tmp.resolve("data"))) {
            if (files.anyMatch(f -> f.getFileName().toString().equals(sop + ".dcm")
                    && f.getParent().getParent().endsWith(Path.of("routes", "import")))) {
                return "spooled, not committed";
            }
        }
        return "not at the route";
    }

    /** Every IMPORT job of the study DONE (at least one). */
    private static boolean delivered(Connection sql, String study) throws Exception {
        List<String> states = strings(sql, "select state from job where direction = 'IMPORT' and study_instance_uid"
                + " = ?", study);
        return !states.isEmpty() && states.stream().allMatch("DONE"::equals);
    }

    private static int instancesIn(OrthancPeer pacs, String study) throws Exception {
        return JSON.readTree(pacs.post("/tools/find", "{\"Level\": \"Instance\", \"Query\": {\"StudyInstanceUID\": \""
                + study + "\"}}").body()).size();
    }

    /** The import's state and counts: "state instances imported quarantined". */
    private static String importRow(Connection sql, long id) throws Exception {
        return String.join(" | ", strings(sql, "select state || ' ' || instances || ' ' || imported || ' ' ||"
                + " quarantined from xds_image_import where id = " + id, null));
    }
}
