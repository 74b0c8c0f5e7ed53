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
}
