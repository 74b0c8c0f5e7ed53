package nl.zorgbrug.bgz.testscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "Tests (in CI)": the Nictiz BgZ MSZ 2.0 serving TestScripts run against our STU3 endpoint in-process.
 * First the two _LoadResources scripts feed the store (what is present of them), then Serving-XIS, NoProvenance and
 * CheckContent for patients A-D: every operation and every assert, warning-only ones included, must pass.
 */
class NictizServingTestScriptsTest {
    static final Path TESTSCRIPTS = SharedFixtures.root().resolve("bgz-fixtures/testscripts/stu3-bgz-msz-2.0");
    static Stu3Endpoint endpoint;
    static TestScriptRunner cert;
    static TestScriptRunner test;
    static final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path work) throws Exception {
        Clock clock = Clock.systemUTC();
        InMemoryConsentStore consents = new InMemoryConsentStore();
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), audit::addAll, clock);
        endpoint = new Stu3Endpoint(BgzStu3Server.create(new InMemoryResourceStore(),
                new TokenTable(QualificationSetup.tokens()), consent, audit::addAll, clock), work);
        // The runner's own context: it reads what was sent (resource.id as on the wire, not rewritten from fullUrl).
        FhirContext client = FhirContext.forDstu3();
        client.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        ProfileValidator validator = new ProfileValidator(client,
                SharedFixtures.root().resolve("fhir-profiles/stu3-zib2017"));
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        Path fixtures = SharedFixtures.root().resolve("bgz-fixtures");
        cert = new TestScriptRunner(client, validator, endpoint.base(),
                fixtures.resolve("stu3-bgz-msz-2.0-cert"), today);
        test = new TestScriptRunner(client, validator, endpoint.base(),
                fixtures.resolve("stu3-bgz-msz-2.0-test"), today);
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    @Test
    void loadThenServeEveryNictizScriptWithEveryAssertPassing() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        Outcome loadCert = cert.run(Script.read(TESTSCRIPTS.resolve("Cert/_LoadResources/load-resources-purgecreateupdate-xml.xml")));
        Outcome loadTest = test.run(Script.read(TESTSCRIPTS.resolve("Test/_LoadResources/load-resources-purgecreateupdate-xml.xml")));
        outcomes.add(loadCert);
        outcomes.add(loadTest);
        for (String folder : List.of("Cert/Serving-XIS", "Cert/Serving-XIS-NoProvenance", "Cert/Serving-XIS-CheckContent",
                "Test/Serving-XIS", "Test/Serving-XIS-CheckContent")) {
            TestScriptRunner runner = folder.startsWith("Cert") ? cert : test;
            try (var files = Files.list(TESTSCRIPTS.resolve(folder))) {
                for (Path f : files.sorted().toList()) {
                    Outcome o = runner.run(Script.read(f));
                    outcomes.add(o);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        long asserts = 0;
        for (Outcome o : outcomes) {
            System.out.println(o.summary());
            asserts += o.asserts.size();
            o.problems().forEach(p -> problems.add(o.script + ": " + p));
        }
        Files.write(Path.of("target/testscript-problems.txt"), problems);
        Files.write(Path.of("target/testscript-uncheckable.txt"), outcomes.stream()
                .flatMap(o -> o.uncheckable.stream()).distinct().sorted().toList());
        System.out.println(problems.size() + " problems in " + asserts + " asserts");
        assertThat(problems).isEmpty();
        // Only the Cert load script names fixtures not in the shared set (patients E, F, G); nothing else is skipped.
        assertThat(loadTest.skippedOperations).isEmpty();
        assertThat(loadCert.skippedOperations).allMatch(s -> s.contains("not in the shared set")
                && s.matches(".*bgz-msz-pat[EFG].*|.*msz-.*"));
        outcomes.subList(2, outcomes.size()).forEach(o -> assertThat(o.skippedOperations).isEmpty());
        assertThat(asserts).isGreaterThan(8000);
    }
}
