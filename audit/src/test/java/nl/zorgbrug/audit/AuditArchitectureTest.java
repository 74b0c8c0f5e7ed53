package nl.zorgbrug.audit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The packages of the audit module form no cycle, and the event model (the record every other module and the ATNA
 * export will read) needs nothing of the trail, the gateway listener or consent. The rules between modules (audit
 * between gateway and app, no Spring) are in app's {@code ModuleLayeringTest}.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class AuditArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theEventModelStandsAlone = noClasses().that().resideInAPackage("nl.zorgbrug.audit.event..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.audit.trail..",
                    "nl.zorgbrug.audit.gateway..", "nl.zorgbrug.audit.consent..", "nl.zorgbrug.audit.overview..",
                    "nl.zorgbrug.gateway..");
}
