package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bgz.store.StoredResource;

/**
 * The BgZ store on both databases (V23, V70): rows round-trip, a patient's resources, pre-selected by code, Provenance by
 * target, several read at once, purge.
 */
class JdbcBgzStoreTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void resourcesRoundTripAndAPatientIsPurgedWhole(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcBgzStore store = new JdbcBgzStore(new JdbcTemplate(ds),
                    new TransactionTemplate(new DataSourceTransactionManager(ds)));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String big = "{\"resourceType\":\"Observation\",\"note\":\"" + "x".repeat(20_000) + "\"}";
            store.saveAll(List.of(
                    new StoredResource("Patient", "p1", "p1", "999999990", "http://fhir.nl/fhir/NamingSystem/bsn|1",
                            1, t, List.of(), "{\"resourceType\":\"Patient\"}"),
                    new StoredResource("Observation", "o1", "p1", "999999990", "urn:uuid:1", 1, t, List.of(), big),
                    new StoredResource("Observation", "o2", "p2", null, "urn:uuid:2", 1, t, List.of(), "{}"),
                    new StoredResource("Provenance", "prov1", "p1", "999999990", "urn:uuid:3", 1, t,
                            List.of("Observation/o1", "Patient/p1"), "{}"),
                    new StoredResource("Practitioner", "gp", null, null, "urn:uuid:4", 1, t, List.of(), "{}")));
            assertThat(store.read("Observation", "o1")).get().satisfies(r -> {
                assertThat(r.json()).isEqualTo(big);
                assertThat(r.updated()).isEqualTo(t);
                assertThat(r.patientBsn()).isEqualTo("999999990");
            });
            assertThat(store.forPatient("Observation", "p1")).extracting(StoredResource::id).containsExactly("o1");
            assertThat(store.patientsWithBsn("999999990")).extracting(StoredResource::id).containsExactly("p1");
            assertThat(store.provenanceFor(List.of("Observation/o1", "Patient/p1"))).singleElement()
                    .satisfies(p -> assertThat(p.provenanceTargets()).containsExactly("Observation/o1", "Patient/p1"));
            assertThat(store.provenanceFor(List.of("Observation/o2"))).isEmpty();

            // An update replaces the row and its targets.
            store.saveAll(List.of(new StoredResource("Provenance", "prov1", "p1", "999999990", "urn:uuid:3", 2, t,
                    List.of("Observation/o2"), "{\"v\":2}")));
            assertThat(store.read("Provenance", "prov1")).get().extracting(StoredResource::version).isEqualTo(2L);
            assertThat(store.provenanceFor(List.of("Observation/o1"))).isEmpty();

            // V70: Observations pre-selected by code (o1 has none); one whose JSON the store cannot read stays a candidate.
            store.saveAll(List.of(observation("o3", "718-7", "49581000146104"),
                    observation("o4", "29463-7", "vital-signs"),
                    new StoredResource("Observation", "o5", "p1", "999999990", "urn:uuid:5", 1, t, List.of(),
                            "not json")));
            assertThat(store.forPatient("Observation", "p1", "code", java.util.Set.of("29463-7", "x")))
                    .extracting(StoredResource::id).containsExactly("o4", "o5");
            assertThat(store.forPatient("Observation", "p1", "category", java.util.Set.of("49581000146104")))
                    .extracting(StoredResource::id).containsExactly("o3", "o5");
            store.saveAll(List.of(observation("o4", "8302-2", "vital-signs")));
            assertThat(store.forPatient("Observation", "p1", "code", java.util.Set.of("29463-7")))
                    .extracting(StoredResource::id).containsExactly("o5");
            assertThat(store.readAll(List.of("Observation/o3", "Provenance/prov1", "Practitioner/gp", "Flag/none")))
                    .extracting(StoredResource::reference)
                    .containsExactlyInAnyOrder("Observation/o3", "Provenance/prov1", "Practitioner/gp")
                    .hasSize(3);
            assertThat(store.readAll(List.of("Provenance/prov1"))).singleElement()
                    .satisfies(p -> assertThat(p.provenanceTargets()).containsExactly("Observation/o2"));

            // More ids than one statement of byIds names on either database (H2 100, PostgreSQL 500): all read, rows
            // of another type with the same ids left out.
            List<StoredResource> many = new java.util.ArrayList<>();
            for (int i = 0; i < 620; i++) {
                many.add(new StoredResource("Condition", String.format("c%04d", i), "p9", null, "urn:uuid:c" + i, 1, t,
                        List.of(), "{\"n\":" + i + "}"));
            }
            many.add(new StoredResource("Flag", "c0007", "p9", null, "urn:uuid:f7", 1, t, List.of(), "{}"));
            store.saveAll(many);
            List<String> asked = new java.util.ArrayList<>();
            for (int i = 619; i >= 0; i -= 2) {
                asked.add("Condition/" + String.format("c%04d", i));
            }
            asked.add("Condition/none");
            assertThat(store.readAll(asked)).extracting(StoredResource::reference)
                    .containsExactlyInAnyOrderElementsOf(asked.subList(0, asked.size() - 1));
            assertThat(store.forPatient("Condition", "p9")).hasSize(620);

            assertThat(store.purgePatient("p1")).isEqualTo(6);
            assertThat(store.forPatient("Observation", "p1", "code", java.util.Set.of("8302-2"))).isEmpty();
            assertThat(store.read("Patient", "p1")).isEmpty();
            assertThat(store.read("Observation", "o2")).isPresent();
            assertThat(store.read("Practitioner", "gp")).isPresent();
            assertThat(store.provenanceFor(List.of("Observation/o2"))).isEmpty();
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * V76: the Provenance of a search's patients among their own target rows, for a few matches (by patient and target)
     * and for more than one statement names on H2 (all of the patient's rows); another patient's left out, one of no
     * patient found by target; and rows stored before V76 get their patient.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void provenanceOfTheSearchedPatientsIsFoundAmongTheirOwnTargets(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            String flywaySchema = db.equals("h2") ? "public" : schema;
            Flyway.configure().dataSource(ds).schemas(flywaySchema).target("75").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // Stored before V76: the target rows have no patient column yet.
            for (String[] row : List.of(new String[] {"old1", "p1"}, new String[] {"old2", "p2"})) {
                jdbc.update("insert into bgz_resource (resource_type, logical_id, patient_id, persistent_id, version,"
                        + " updated_at, resource_json) values ('Provenance', ?, ?, ?, 1, ?, '{}')", row[0], row[1],
                        "urn:uuid:" + row[0], java.sql.Timestamp.from(t));
                jdbc.update("insert into bgz_provenance_target (provenance_id, target) values (?, 'Observation/o0')",
                        row[0]);
            }
            Flyway.configure().dataSource(ds).schemas(flywaySchema).load().migrate();
            JdbcBgzStore store = new JdbcBgzStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)));
            assertThat(store.provenanceFor(List.of("Observation/o0"), List.of("p1"))).extracting(StoredResource::id)
                    .containsExactly("old1");

            List<StoredResource> rows = new java.util.ArrayList<>();
            List<String> matches = new java.util.ArrayList<>();
            for (int i = 0; i < 250; i++) {
                matches.add("Observation/o" + i);
            }
            for (int p = 0; p < 25; p++) {
                rows.add(new StoredResource("Provenance", "prov" + p, "p1", null, "urn:uuid:p" + p, 1, t,
                        matches.subList(p * 10, p * 10 + 10), "{\"n\":" + p + "}"));
            }
            rows.add(new StoredResource("Provenance", "other", "p2", null, "urn:uuid:other", 1, t,
                    List.of("Observation/o5", "Observation/o200"), "{}"));
            rows.add(new StoredResource("Provenance", "nobody", null, null, "urn:uuid:nobody", 1, t,
                    List.of("Observation/o7", "Observation/o201", "Device/d1"), "{}"));
            rows.add(new StoredResource("Provenance", "unrelated", "p1", null, "urn:uuid:unrelated", 1, t,
                    List.of("Condition/c1"), "{}"));
            store.saveAll(rows);

            // A few matches: by patient and target.
            assertThat(store.provenanceFor(List.of("Observation/o5", "Observation/o7"), List.of("p1")))
                    .extracting(StoredResource::id).containsExactlyInAnyOrder("prov0", "nobody");
            assertThat(store.provenanceFor(List.of("Observation/o5"), List.of("p2")))
                    .extracting(StoredResource::id).containsExactly("other");
            // More than a hundred: all of the patient's rows; the targets of each found Provenance all read.
            List<String> many = matches.subList(5, 205);
            assertThat(store.provenanceFor(many, List.of("p1"))).extracting(StoredResource::id)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                            java.util.stream.IntStream.range(0, 21).mapToObj(p -> "prov" + p),
                            java.util.stream.Stream.of("nobody")).toList())
                    .doesNotContain("other", "unrelated");
            assertThat(store.provenanceFor(many, List.of("p1"))).filteredOn(p -> p.id().equals("nobody"))
                    .singleElement().satisfies(p -> assertThat(p.provenanceTargets())
                            .containsExactly("Device/d1", "Observation/o201", "Observation/o7"));
            assertThat(store.provenanceFor(many, List.of("p1", "p2"))).extracting(StoredResource::id)
                    .contains("other", "prov20", "nobody").hasSize(23);
            assertThat(store.provenanceFor(many, List.of("p3"))).extracting(StoredResource::id)
                    .containsExactly("nobody");
            // What the store gives equals the one-argument form filtered to the patients (the interface's default).
            assertThat(store.provenanceFor(many, List.of("p1"))).extracting(StoredResource::id)
                    .containsExactlyInAnyOrderElementsOf(store.provenanceFor(many).stream()
                            .filter(p -> p.patientId() == null || p.patientId().equals("p1"))
                            .map(StoredResource::id).toList());

            // A Provenance fed again for another patient is found under that one only.
            store.saveAll(List.of(new StoredResource("Provenance", "prov0", "p2", null, "urn:uuid:p0", 2, t,
                    List.of("Observation/o5"), "{}")));
            assertThat(store.provenanceFor(List.of("Observation/o5"), List.of("p1"))).isEmpty();
            assertThat(store.provenanceFor(List.of("Observation/o5"), List.of("p2"))).extracting(StoredResource::id)
                    .containsExactlyInAnyOrder("prov0", "other");
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    private static StoredResource observation(String id, String loinc, String category) {
        return new StoredResource("Observation", id, "p1", "999999990", "urn:uuid:" + id, 1, Instant.now(), List.of(),
                "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"category\":[{\"coding\":"
                + "[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + category + "\"}]}],\"code\":{\"coding\":[{\"system\":"
                + "\"http://loinc.org\",\"code\":\"" + loinc + "\"}]},\"subject\":{\"reference\":\"Patient/p1\"}}");
    }
}
