package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.hl7.feed.FeedPatient;
import nl.zorgbrug.hl7.feed.PatientFeed;
import nl.zorgbrug.hl7.feed.PatientUpdate;

/**
 * The EPD feed on the node's MPI table, on both databases (issue 16's benchmark): a registration or update costs one
 * query (the patient and the BSN's carriers) and one upsert in one transaction, and the conflict rules hold as they
 * do on the in-memory MPI of {@code PatientFeedPropertiesTest}: an update of the same patient is no conflict with
 * itself, a second local patient with the same BSN is.
 */
class JdbcPatientFeedTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";

    static Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMessageIsOneQueryAndOneUpsertInOneTransactionAndConflictsStillHold(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            AtomicInteger statements = new AtomicInteger();
            AtomicInteger commits = new AtomicInteger();
            DataSource counted = new CountingDataSource(ds, statements, commits);
            JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(new JdbcTemplate(counted));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(counted));
            Transactions transactions = Transactions.around(new Transactions.Unit() {
                @Override
                public <T> T run(java.util.function.Supplier<T> work) {
                    return tx.execute(status -> work.get());
                }
            });
            PatientFeed feed = new PatientFeed(new PatientFeed.Ports(mpi, ISSUER, transactions, Clock.systemUTC(),
                    null));
            List<String> bsns = TestBsns.first(2);

            // A new patient, then an update of it (the patient is then one of the BSN's carriers: not a conflict).
            for (String family : List.of("Jansen", "Jansen-de Vries")) {
                statements.set(0);
                commits.set(0);
                var result = feed.apply(register("PAT-1", bsns.get(0), "verified+validated", family));
                assertThat(result.warnings()).isEmpty();
                assertThat(statements.get()).as("statements for one message").isEqualTo(2);
                assertThat(commits.get()).as("commits for one message").isEqualTo(1);
            }
            MpiPatient first = mpi.byLocalId("PAT-1", ISSUER).orElseThrow();
            assertThat(first.familyName()).isEqualTo("Jansen-de Vries");
            assertThat(first.bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
            assertThat(first.conflicted()).isFalse();
            assertThat(mpi.count()).isEqualTo(1);

            // Another local patient with the same BSN: accepted, marked conflicted, still two statements.
            statements.set(0);
            var result = feed.apply(register("PAT-2", bsns.get(0), "verified", "Pietersen"));
            assertThat(statements.get()).isEqualTo(2);
            assertThat(result.warnings()).singleElement()
                    .satisfies(w -> assertThat(w.text()).contains("also carried by").doesNotContain(bsns.get(0)));
            MpiPatient second = mpi.byLocalId("PAT-2", ISSUER).orElseThrow();
            assertThat(second.conflict().kind()).isEqualTo(IdentityConflict.Kind.DUPLICATE_BSN);
            assertThat(mpi.byLocalId("PAT-1", ISSUER).orElseThrow().conflicted()).isFalse();

            // A later message for the conflicted patient with a free BSN: the conflict stays (only a person clears it).
            feed.apply(register("PAT-2", bsns.get(1), "verified", "Pietersen"));
            assertThat(mpi.byLocalId("PAT-2", ISSUER).orElseThrow().conflicted()).isTrue();
            assertThat(mpi.byLocalId("PAT-2", ISSUER).orElseThrow().bsn()).isEqualTo(Bsn.parse(bsns.get(1)));

            // Nothing partial: a message whose second update fails leaves the first unapplied.
            long before = mpi.count();
            try {
                feed.apply(List.of(register("PAT-3", null, null, "Bakker").get(0),
                        new PatientUpdate.Merge(patient("PAT-4", null, null, "Bakker"), "PAT-4")));
            } catch (RuntimeException refused) {
                // MRG-1: a merge into itself
            }
            assertThat(mpi.count()).isEqualTo(before);
            assertThat(mpi.byLocalId("PAT-3", ISSUER)).isEmpty();
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    private static List<PatientUpdate> register(String localId, String bsn, String status, String family) {
        return List.of(new PatientUpdate.Register(patient(localId, bsn, status, family)));
    }

    private static FeedPatient patient(String localId, String bsn, String status, String family) {
        return new FeedPatient(localId, bsn, status == null ? null : BsnStatus.parse(status), family, "Olga",
                "19650302", "F");
    }
}
