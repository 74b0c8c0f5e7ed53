package nl.zorgbrug.hl7;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The feed's packages: {@code feed} (the identity rules, plain), {@code mllp} (the framing, no HL7), {@code adt}
 * (HL7 v2 onto the feed, the only user of HAPI). No cycle; the transport and the rules know nothing of HL7, so another
 * wire (FHIR, a file) can feed the same rules. The rules between modules are in app's {@code ModuleLayeringTest}.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.hl7", importOptions = ImportOption.DoNotIncludeTests.class)
class Hl7ArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theRulesAndTheTransportKnowNoHl7 = noClasses()
            .that().resideInAnyPackage("nl.zorgbrug.hl7.feed..", "nl.zorgbrug.hl7.mllp..")
            .should().dependOnClassesThat().resideInAnyPackage("ca.uhn..", "nl.zorgbrug.hl7.adt..");

    @ArchTest
    static final ArchRule theFeedKnowsNoTransport = noClasses().that().resideInAPackage("nl.zorgbrug.hl7.feed..")
            .should().dependOnClassesThat().resideInAPackage("nl.zorgbrug.hl7.mllp..");
}
