package nl.zorgbrug.bgz.testscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "Tests (in CI)": the Nictiz BgZ MSZ 2.0 serving TestScripts run against our STU3 endpoint in-process.
 * First the two _LoadResources scripts feed the store (what is present of them), then Serving-XIS, NoProvenance and
 * CheckContent for patients A-D: every operation and every assert, warning-only ones included, must pass.
 */
class NictizServingTestScriptsTest {

    @Test
    void loadThenServeEveryNictizScriptWithEveryAssertPassing(@TempDir Path work) throws Exception {
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        Clock clock = Clock.systemUTC();
        InMemoryConsentStore consents = new InMemoryConsentStore();
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), audit::addAll, clock);
        List<Outcome> outcomes;
        try (Stu3Endpoint endpoint = new Stu3Endpoint(BgzStu3Server.create(new InMemoryResourceStore(),
                new TokenTable(QualificationSetup.tokens()), consent, audit::addAll, clock), work)) {
            outcomes = NictizSuite.run(endpoint.base(), NictizSuite.ALL_SERVING);
        }
        List<String> problems = NictizSuite.problems(outcomes);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/testscript-problems.txt"), problems);
        Files.write(Path.of("target/testscript-uncheckable.txt"), outcomes.stream()
                .flatMap(o -> o.uncheckable.stream()).distinct().sorted().toList());
        long asserts = outcomes.stream().mapToLong(o -> o.asserts.size()).sum();
        System.out.println(problems.size() + " problems in " + asserts + " asserts");
        assertThat(problems).isEmpty();
        // Only the Cert load script names fixtures not in the shared set (patients E, F, G); nothing else is skipped.
        Outcome loadCert = outcomes.get(0);
        assertThat(outcomes.get(1).skippedOperations).isEmpty();
        assertThat(loadCert.skippedOperations).isNotEmpty().allMatch(s -> s.contains("not in the shared set"));
        outcomes.subList(2, outcomes.size()).forEach(o -> assertThat(o.skippedOperations).isEmpty());
        assertThat(outcomes).hasSize(12);
        assertThat(asserts).isGreaterThan(8000);
        // Every request was audited: the 27 searches of each of the 10 serving scripts, the 359 load operations.
        assertThat(RecordedAudit.count(audit, e -> e.type() == EventType.QUERY, 270)).isEqualTo(270);
        assertThat(RecordedAudit.count(audit, e -> e.type() == EventType.RECEIVE, 359)).isEqualTo(359);
    }
}
