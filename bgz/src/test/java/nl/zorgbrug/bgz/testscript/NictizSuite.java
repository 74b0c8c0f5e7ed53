package nl.zorgbrug.bgz.testscript;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;

/**
 * The Nictiz BgZ MSZ 2.0 serving TestScripts in the order a qualification runs them: the _LoadResources scripts
 * (Cert, Test), then the serving scripts of the folders asked for. Used by this module's test (in-memory store)
 * and by app's (the node with its database).
 */
public final class NictizSuite {
    public static final List<String> ALL_SERVING = List.of("Cert/Serving-XIS", "Cert/Serving-XIS-NoProvenance",
            "Cert/Serving-XIS-CheckContent", "Test/Serving-XIS", "Test/Serving-XIS-CheckContent");

    private NictizSuite() {
    }

    /** Runs the load scripts, then every script in {@code servingFolders}; the load outcomes come first. */
    public static List<Outcome> run(URI base, List<String> servingFolders) throws IOException {
        Path shared = SharedFixtures.root();
        Path scripts = shared.resolve("bgz-fixtures/testscripts/stu3-bgz-msz-2.0");
        // The runner's own context: it reads what was sent (resource.id as on the wire, not rewritten from fullUrl).
        FhirContext client = FhirContext.forDstu3();
        client.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        ProfileValidator validator = new ProfileValidator(client, shared.resolve("fhir-profiles/stu3-zib2017"));
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        TestScriptRunner cert = new TestScriptRunner(client, validator, base,
                shared.resolve("bgz-fixtures/stu3-bgz-msz-2.0-cert"), today);
        TestScriptRunner test = new TestScriptRunner(client, validator, base,
                shared.resolve("bgz-fixtures/stu3-bgz-msz-2.0-test"), today);
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(cert.run(Script.read(scripts.resolve("Cert/_LoadResources/load-resources-purgecreateupdate-xml.xml"))));
        outcomes.add(test.run(Script.read(scripts.resolve("Test/_LoadResources/load-resources-purgecreateupdate-xml.xml"))));
        for (String folder : servingFolders) {
            TestScriptRunner runner = folder.startsWith("Cert") ? cert : test;
            try (var files = Files.list(scripts.resolve(folder))) {
                for (Path f : files.sorted().toList()) {
                    outcomes.add(runner.run(Script.read(f)));
                }
            }
        }
        return outcomes;
    }

    /** Every assert that did not pass, named by script; printed summaries on the way. */
    public static List<String> problems(List<Outcome> outcomes) {
        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            System.out.println(o.summary());
            o.problems().forEach(p -> problems.add(o.script + ": " + p));
        }
        return problems;
    }
}
