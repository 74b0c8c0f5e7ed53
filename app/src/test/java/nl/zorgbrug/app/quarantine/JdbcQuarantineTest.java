package nl.zorgbrug.app.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineState;

/** The quarantine worklist on both databases the node supports, with the route and link of V10. */
class JdbcQuarantineTest {

    static Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    private static QuarantineItem open(String route, String study, String sop, Instant received) {
        return new QuarantineItem(0, route, study, sop, "1.2.840.10008.5.1.4.1.1.2", "OTHER", "ISSUER_NOT_BSN",
                "nl", "en", "Jansen^Olga", "*****0001", QuarantineState.OPEN, received, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void entriesKeepTheirRouteAndALinkIsFoundByRouteAndObject(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcQuarantine quarantine = new JdbcQuarantine(new JdbcTemplate(ds));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            QuarantineItem a = quarantine.add(open("import-a", "2.25.51", "2.25.51.1", now));
            QuarantineItem b = quarantine.add(open("import-b", "2.25.52", "2.25.52.1", now));
            QuarantineItem c = quarantine.add(open("import-b", "2.25.53", "2.25.53.1", now));
            // An object open already keeps its entry.
            assertThat(quarantine.add(open("import-b", "2.25.52", "2.25.52.1", now)).id()).isEqualTo(b.id());
            assertThat(quarantine.find(b.id()).orElseThrow().route()).isEqualTo("import-b");
            assertThat(quarantine.countOpen()).isEqualTo(3);

            quarantine.link(b.id(), "PAT-31", "olga", now);
            quarantine.reject(c.id(), "olga", now, "wrong patient");

            QuarantineItem linked = quarantine.find(b.id()).orElseThrow();
            assertThat(linked.state()).isEqualTo(QuarantineState.LINKED);
            assertThat(linked.linkedLocalId()).isEqualTo("PAT-31");
            assertThat(linked.decidedBy()).isEqualTo("olga");
            QuarantineItem rejected = quarantine.find(c.id()).orElseThrow();
            assertThat(rejected.state()).isEqualTo(QuarantineState.REJECTED);
            assertThat(rejected.decidedBy()).isEqualTo("olga");
            assertThat(rejected.decisionReason()).isEqualTo("wrong patient");
            assertThat(quarantine.open()).extracting(QuarantineItem::id).containsExactly(a.id());
            assertThat(quarantine.countOpen()).isEqualTo(1);
            assertThat(quarantine.linkedLocalId("import-b", "2.25.52.1")).contains("PAT-31");
            assertThat(quarantine.linkedLocalId("import-a", "2.25.52.1")).isEmpty();
            assertThat(quarantine.linkedLocalId("import-b", "2.25.53.1")).isEmpty();

            // After the MPI changed, an open entry gets the reason of today; a decided one keeps its own.
            quarantine.refreshReason(a.id(), "PATIENT_FOUND_IN_MPI", "nu bekend", "now known");
            quarantine.refreshReason(c.id(), "PATIENT_FOUND_IN_MPI", "nu bekend", "now known");
            assertThat(quarantine.find(a.id()).orElseThrow()).extracting(QuarantineItem::reasonCode,
                    QuarantineItem::messageNl, QuarantineItem::messageEn)
                    .containsExactly("PATIENT_FOUND_IN_MPI", "nu bekend", "now known");
            assertThat(quarantine.find(c.id()).orElseThrow().reasonCode()).isEqualTo("ISSUER_NOT_BSN");
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
    /** Issue 15: the worklist keeps a Patient Name and masked ID as long as the intake keeps them (V12). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void patientValuesAsLongAsTheIntakeKeepsFit(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcQuarantine quarantine = new JdbcQuarantine(new JdbcTemplate(ds));
            int max = nl.zorgbrug.gateway.inbound.HeadCheck.MAX_STORED_CHARACTERS;
            String name = ("Çelik-Ünal^" + "Zoë".repeat(max)).substring(0, max);
            String masked = "*".repeat(max - 4) + "\u60a3\u60a3\u60a3\u60a3";
            QuarantineItem item = quarantine.add(new QuarantineItem(0, "import", "2.25.54", "2.25.54.1",
                    "1.2.840.10008.5.1.4.1.1.2", "OTHER", "ISSUER_NOT_BSN", "nl", "en", name, masked,
                    QuarantineState.OPEN, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null));

            assertThat(quarantine.find(item.id()).orElseThrow()).extracting(QuarantineItem::patientName,
                    QuarantineItem::patientIdMasked).containsExactly(name, masked);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}
