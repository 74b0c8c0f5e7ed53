package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;

/**
 * Issue 16's benchmark found the EPD feed slowing down as the MPI grew: on one long-lived connection PostgreSQL kept
 * the plan it had made for the lookup while the table was tiny, a scan of every row, and read the whole table for
 * every message. A lookup must read by index however small the table was when the connection first ran it.
 * PostgreSQL only: H2 plans each statement itself.
 */
class MpiLookupPlanTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";
    /** Patients added after the lookups ran on the small table; a scan of them all is what must not happen. */
    static final int GROWN_BY = 20_000;
    /** Well past pgjdbc's prepareThreshold (5) and PostgreSQL's five custom plans before it keeps a generic one. */
    static final int EARLY_LOOKUPS = 20;

    @Test
    void aLookupReadsByIndexHoweverSmallTheTableWasWhenTheConnectionFirstRanIt() throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource("postgresql", schema);
        try {
            Flyway.configure().dataSource(ds).schemas(schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
            Bsn bsn = Bsn.parse(TestBsns.first(1).get(0));
            mpi.save(new MpiPatient("PAT-1", ISSUER, bsn, BsnStatus.VERIFIED_AND_VALIDATED, "Jansen", "Olga",
                    "19650302", "F"));
            // The statistics of a table of one patient, as on the node's first day; then the lookups of the first
            // messages, on this one connection.
            jdbc.execute("analyze mpi_patient");
            for (int i = 0; i < EARLY_LOOKUPS; i++) {
                lookUp(mpi, bsn);
            }
            jdbc.update("insert into mpi_patient (local_id, local_issuer, bsn_status, family_name)"
                    + " select 'FILL-' || g, ?, 'NONE', 'Vulling' from generate_series(1, ?) g", ISSUER, GROWN_BY);

            try (Connection c = ds.getConnection()) {
                // Within one transaction the session's counts of pg_stat_xact_user_tables are not yet reported, so
                // their difference is what the three lookups read: rows of scans of the table and fetched through
                // its indexes. (PostgreSQL 15 adds earlier transactions not yet reported, hence the difference.)
                c.setAutoCommit(false);
                try {
                    long before = rowsRead(jdbc);
                    MpiStore.NumberAndBsn found = mpi.byLocalIdOrBsn("PAT-1", ISSUER, bsn);
                    assertThat(found.patient()).isPresent();
                    assertThat(found.othersThan("PAT-1")).isEmpty();
                    assertThat(mpi.byLocalId("FILL-17", ISSUER)).isPresent();
                    assertThat(mpi.byBsn(bsn, ISSUER)).singleElement()
                            .satisfies(p -> assertThat(p.localId()).isEqualTo("PAT-1"));
                    assertThat(rowsRead(jdbc) - before)
                            .as("rows of mpi_patient read by three lookups in a table of %d", GROWN_BY + 1)
                            .isLessThan(10);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } finally {
            JdbcJobRepositoryTest.drop("postgresql", schema, ds);
        }
    }

    /**
     * Planning each lookup costs about 0.1 ms a message (issue 16's benchmark), so on a large table the lookups are
     * planned once per connection; that plan must read by index even when the statistics are those of the one-row
     * table of the first day (nothing analyzed since).
     */
    @Test
    void onALargeTableALookupIsPlannedOnceAndReadsByIndexWhateverTheStatisticsSay() throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource("postgresql", schema);
        try {
            Flyway.configure().dataSource(ds).schemas(schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            Bsn bsn = Bsn.parse(TestBsns.first(1).get(0));
            new JdbcMasterPatientIndex(jdbc).save(new MpiPatient("PAT-1", ISSUER, bsn,
                    BsnStatus.VERIFIED_AND_VALIDATED, "Jansen", "Olga", "19650302", "F"));
            jdbc.execute("analyze mpi_patient");
            jdbc.update("insert into mpi_patient (local_id, local_issuer, bsn_status, family_name)"
                    + " select 'FILL-' || g, ?, 'NONE', 'Vulling' from generate_series(1, ?) g", ISSUER, GROWN_BY);
            assertThat(jdbc.queryForObject("select pg_relation_size('mpi_patient') / 8192", Long.class))
                    .as("pages of the grown table").isGreaterThanOrEqualTo(JdbcMasterPatientIndex.PLAN_ONCE_FROM_PAGES);

            // The node (re)started on the grown table: it looks at the size when it makes the index.
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
            for (int i = 0; i < EARLY_LOOKUPS; i++) {
                lookUp(mpi, bsn);
            }
            assertThat(jdbc.queryForObject("select coalesce(sum(generic_plans), 0) from pg_prepared_statements"
                    + " where statement like '%(local_id = $2 or bsn = $3)%'", Long.class))
                    .as("executions of the feed's lookup with the plan PostgreSQL made once").isPositive();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long before = rowsRead(jdbc);
                    lookUp(mpi, bsn);
                    assertThat(mpi.byLocalId("FILL-17", ISSUER)).isPresent();
                    assertThat(rowsRead(jdbc) - before)
                            .as("rows of mpi_patient read by four lookups in a table of %d", GROWN_BY + 1)
                            .isLessThan(10);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } finally {
            JdbcJobRepositoryTest.drop("postgresql", schema, ds);
        }
    }

    private static long rowsRead(JdbcTemplate jdbc) {
        Long read = jdbc.queryForObject("select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
                + " from pg_stat_xact_user_tables where relid = 'mpi_patient'::regclass", Long.class);
        return read == null ? 0 : read;
    }

    private static void lookUp(JdbcMasterPatientIndex mpi, Bsn bsn) {
        assertThat(mpi.byLocalIdOrBsn("PAT-1", ISSUER, bsn).patient()).isPresent();
        assertThat(mpi.byLocalId("PAT-1", ISSUER)).isPresent();
        assertThat(mpi.byBsn(bsn, ISSUER)).hasSize(1);
    }
}
