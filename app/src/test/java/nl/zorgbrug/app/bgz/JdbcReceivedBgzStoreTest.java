package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.referral.IssuedToken;
import nl.zorgbrug.bsn.Bsn;

/**
 * Received BgZs (V44, with the specialism a referral was for since V72) and the tokens of Notified Pull Tasks (V45)
 * on both databases.
 */
class JdbcReceivedBgzStoreTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void receivedBgzsAndIssuedTokensRoundTrip(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcReceivedBgzStore store = new JdbcReceivedBgzStore(new JdbcTemplate(ds),
                    new TransactionTemplate(new DataSourceTransactionManager(ds)));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Bsn bsn = Bsn.parse("999909587");
            String big = "{\"resourceType\":\"Bundle\",\"note\":\"" + "x".repeat(100_000) + "\"}";
            ReceivedBgz first = new ReceivedBgz(UUID.randomUUID(), new BgzSource("zha", "Ziekenhuis A", "90000001",
                    "https://a.example/fhir/stu3"), Occasion.REFERRAL, "verwijzing-1", t.minusSeconds(60), bsn, "node",
                    List.of(new ReceivedQuery("Condition?_revinclude=Provenance:target", 200, 3, null, big),
                            new ReceivedQuery("Flag?_revinclude=Provenance:target", 0, 0, "no answer within 30 s",
                                    null)), 3, nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY);
            ReceivedBgz second = new ReceivedBgz(UUID.randomUUID(), new BgzSource(null, "Onbekend",
                    null, "https://b.example/fhir/stu3"), Occasion.REQUEST, null, t, bsn, "dr-b", List.of(), 0);
            store.save(first);
            store.save(second);

            assertThat(store.find(first.id())).get().isEqualTo(first)
                    .satisfies(r -> assertThat(r.specialism()).isEqualTo(nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY));
            assertThat(store.recent(10)).filteredOn(r -> r.id().equals(first.id())).singleElement()
                    .isEqualTo(first.summary());
            assertThat(store.find(second.id())).get().isEqualTo(second);
            assertThat(store.recent(10)).extracting(ReceivedBgz.Summary::id).containsExactly(second.id(), first.id());
            assertThat(store.forPatient(bsn)).first().isEqualTo(second.summary());
            assertThat(store.forPatient(Bsn.parse("999911259"))).isEmpty();
            assertThat(store.unseen()).isEqualTo(2);
            store.markSeen(first.id(), "secretaresse", t);
            store.markSeen(first.id(), "later", t.plusSeconds(5));
            assertThat(store.unseen()).isEqualTo(1);
            assertThat(new JdbcTemplate(ds).queryForObject("select seen_by from bgz_received where id = ?",
                    String.class, first.id().toString())).as("the first opening counts").isEqualTo("secretaresse");

            JdbcIssuedTokenStore tokens = new JdbcIssuedTokenStore(new JdbcTemplate(ds));
            IssuedToken token = new IssuedToken("ab".repeat(32), UUID.randomUUID().toString(), "verwijzing-1", bsn,
                    "90000002", "Ziekenhuis B", "V4", Set.of("Patient", "Condition"), t, t.plusSeconds(3600), false);
            tokens.save(token);
            assertThat(tokens.byHash(token.hash())).get().isEqualTo(token);
            assertThat(tokens.byTask(token.taskId())).get().isEqualTo(token);
            tokens.revoke(token.taskId());
            assertThat(tokens.byHash(token.hash())).get().satisfies(r -> assertThat(r.revoked()).isTrue());
            assertThat(tokens.byHash("cd".repeat(32))).isEmpty();
            // V82: a token of the consent flow has no referral (consent is asked on every read with it).
            IssuedToken onConsent = new IssuedToken("ef".repeat(32), UUID.randomUUID().toString(), null, bsn,
                    "90000002", "Ziekenhuis B", "V4", Set.of("Patient"), t, t.plusSeconds(900), false);
            tokens.save(onConsent);
            assertThat(tokens.byHash(onConsent.hash())).get().isEqualTo(onConsent)
                    .satisfies(r -> assertThat(r.onConsent()).isTrue());
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}
