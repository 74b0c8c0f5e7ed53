package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/** The MPI's name search on both databases: accents and case ignored, LIKE's wildcards taken literally. */
class JdbcMasterPatientIndexTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";

    static Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNameSearchIgnoresAccentsAndCaseAlsoForPatientsSavedBeforeNamesWereFolded(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
            List<String> bsns = TestBsns.first(3);
            mpi.save(new MpiPatient("PAT-1", ISSUER, Bsn.parse(bsns.get(0)), BsnStatus.VALIDATED, "Çelik", "Ayşe",
                    "19700101", "F"));
            mpi.save(new MpiPatient("PAT-2", ISSUER, Bsn.parse(bsns.get(1)), BsnStatus.VALIDATED, "Müller", "Jörg",
                    "19800202", "M"));
            mpi.save(new MpiPatient("PAT-3", ISSUER, Bsn.parse(bsns.get(2)), BsnStatus.VERIFIED, "de Vries_x", "Jan",
                    "19900303", "M"));

            assertThat(mpi.search(null, "Celik", null)).extracting(MpiPatient::localId).containsExactly("PAT-1");
            assertThat(mpi.search(null, "ÇELIK", null)).extracting(MpiPatient::localId).containsExactly("PAT-1");
            assertThat(mpi.search(null, "mull", null)).extracting(MpiPatient::localId).containsExactly("PAT-2");
            // A _ or % the person types is a character, not a wildcard.
            assertThat(mpi.search(null, "s_x", null)).extracting(MpiPatient::localId).containsExactly("PAT-3");
            assertThat(mpi.search(null, "e_", null)).isEmpty();
            assertThat(mpi.search(null, "%", null)).isEmpty();

            // A row from before V11 (no folded name) is found once the node has folded it at start.
            jdbc.update("update mpi_patient set family_name_folded = null where local_id = 'PAT-2'");
            assertThat(mpi.search(null, "muller", null)).isEmpty();
            assertThat(mpi.foldMissingNames()).isEqualTo(1);
            assertThat(mpi.search(null, "muller", null)).extracting(MpiPatient::localId).containsExactly("PAT-2");
            assertThat(mpi.foldMissingNames()).isZero();
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * V14 (issue 16): the old statuses meant the law's words the other way round. No patient's permission to share
     * widens: the old exportable VALIDATED keeps sharing (and the register check it recorded), the old VERIFIED
     * (identity document, no register check) loses both facts, a pending patient from another institution is
     * verified only.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theMigrationNeverWidensThePermissionToShare(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            String flywaySchema = db.equals("h2") ? "public" : schema;
            Flyway.configure().dataSource(ds).schemas(flywaySchema).target("11").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            List<String> bsns = TestBsns.first(5);
            String insert = "insert into mpi_patient (local_id, local_issuer, bsn, bsn_status, family_name)"
                    + " values (?,?,?,?,?)";
            jdbc.update(insert, "OLD-VALIDATED", ISSUER, bsns.get(0), "VALIDATED", "A");
            jdbc.update(insert, "OLD-VERIFIED", ISSUER, bsns.get(1), "VERIFIED", "B");
            jdbc.update(insert, "PENDING-000001", ISSUER, bsns.get(2), "VERIFIED", "C");
            jdbc.update(insert, "PENDING-11120-4711", ISSUER, bsns.get(3), "NONE", "D");
            jdbc.update(insert, "OLD-NONE-WITH-BSN", ISSUER, bsns.get(4), "NONE", "E");
            jdbc.update(insert, "OLD-NONE", ISSUER, null, "NONE", "F");
            java.util.Map<String, Boolean> mayShareBefore = new java.util.HashMap<>();
            for (java.util.Map<String, Object> row : jdbc.queryForList("select local_id, bsn_status from mpi_patient")) {
                // The rule before V14: only the old VALIDATED was exported (ExportSwap before issue 16).
                mayShareBefore.put((String) row.get("local_id"), "VALIDATED".equals(row.get("bsn_status")));
            }

            Flyway.configure().dataSource(ds).schemas(flywaySchema).load().migrate();
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
            java.util.function.Function<String, BsnStatus> status =
                    id -> mpi.byLocalId(id, ISSUER).orElseThrow().bsnStatus();
            assertThat(status.apply("OLD-VALIDATED")).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
            assertThat(status.apply("OLD-VERIFIED")).isEqualTo(BsnStatus.UNCHECKED);
            assertThat(status.apply("PENDING-000001")).isEqualTo(BsnStatus.VERIFIED);
            assertThat(status.apply("PENDING-11120-4711")).isEqualTo(BsnStatus.VERIFIED);
            assertThat(status.apply("OLD-NONE-WITH-BSN")).isEqualTo(BsnStatus.UNCHECKED);
            assertThat(status.apply("OLD-NONE")).isEqualTo(BsnStatus.NONE);
            mayShareBefore.forEach((id, before) -> assertThat(status.apply(id).permitsSharing())
                    .as(id + " may share after the migration only if it could before").isEqualTo(before));
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theRegisterAnswerAndAConflictAreKeptWithThePatient(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(new JdbcTemplate(ds));
            java.time.Instant answered = java.time.Instant.parse("2026-12-01T08:30:00Z");
            MpiPatient p = new MpiPatient("PAT-9", ISSUER, Bsn.parse(TestBsns.first(1).get(0)),
                    BsnStatus.VERIFIED_AND_VALIDATED, "Dijk", "Jürgen", "19811231", "M",
                    new nl.zorgbrug.bsn.mpi.SbvzVerification(nl.zorgbrug.bsn.mpi.SbvzVerification.Answer.MATCH, answered),
                    new nl.zorgbrug.bsn.mpi.IdentityConflict(nl.zorgbrug.bsn.mpi.IdentityConflict.Kind.DUPLICATE_BSN,
                            "PID-3: BSN also carried by PAT-*", answered.plusSeconds(60)));
            mpi.save(p);
            assertThat(mpi.byLocalId("PAT-9", ISSUER)).contains(p);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}
