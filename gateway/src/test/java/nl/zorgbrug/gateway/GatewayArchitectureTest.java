package nl.zorgbrug.gateway;

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
}
