package nl.zorgbrug.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of the gateway (spool, job, route, inbound, delivery, manifest, ...) form no cycle, so each port and
 * each step can be understood from what it uses. The rules between modules (gateway needs only dicom and bsn, no
 * Spring) are checked in app's {@code ModuleLayeringTest}, the one module that sees all.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {

    /** Every package of gateway is a slice; no two may need each other. No cycle is known, so none is ignored. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();

    /**
     * A merge of patients (issue 16) touches jobs and quarantine links only through its port, never the spool, the
     * routes' steps or a transport: what is re-pointed is decided again by the routes on delivery.
     */
    @ArchTest
    static final ArchRule mergeUsesOnlyItsPortsAndTheJobs = classes().that().resideInAPackage("..gateway.merge..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "nl.zorgbrug.bsn..",
                    "nl.zorgbrug.gateway.merge..", "nl.zorgbrug.gateway.job..", "nl.zorgbrug.gateway.events..",
                    "nl.zorgbrug.gateway.recheck..");
}
