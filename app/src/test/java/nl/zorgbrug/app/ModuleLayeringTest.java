package nl.zorgbrug.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules depend only downward, dicom → bsn → gateway → app → bench (docs/architecture.md, "Modules"), and
 * the domain modules are plain Java without Spring. These rules live here because app is the one module whose
 * classpath holds the classes of dicom, bsn and gateway as well as its own; they are checked by package, so a
 * class put in a lower module's package from a higher module breaks them too. Maven's own rule (no cycles between
 * modules) already stops most upward imports from compiling; these rules say why and catch what it cannot. Each
 * module's own ArchitectureTest checks the packages inside it.
 */
@AnalyzeClasses(packages = "nl.zorgbrug", importOptions = ModuleLayeringTest.ProductionClasses.class)
class ModuleLayeringTest {

    @ArchTest
    static final ArchRule dicomNeedsNoOtherModule = noClasses().that().resideInAPackage("nl.zorgbrug.dicom..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "nl.zorgbrug.bsn..", "nl.zorgbrug.gateway..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    @ArchTest
    static final ArchRule bsnNeedsOnlyDicom = noClasses().that().resideInAPackage("nl.zorgbrug.bsn..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "nl.zorgbrug.gateway..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    @ArchTest
    static final ArchRule gatewayNeedsOnlyDicomAndBsn = noClasses().that().resideInAPackage("nl.zorgbrug.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /** The benchmarks are run by hand against real peers; nothing that ships may need them. */
    @ArchTest
    static final ArchRule appNeedsNoBenchmarks = noClasses().that().resideInAPackage("nl.zorgbrug.app..")
            .should().dependOnClassesThat().resideInAPackage("nl.zorgbrug.bench..");

    /** The domain is plain Java, testable without a container; Spring wires it together in app only. */
    @ArchTest
    static final ArchRule noSpringInTheDomainModules = noClasses()
            .that().resideInAnyPackage("nl.zorgbrug.dicom..", "nl.zorgbrug.bsn..", "nl.zorgbrug.gateway..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    /**
     * Main classes only: leaves out test-classes folders and the test jars of dicom and gateway, which app's
     * tests have on their classpath for the shared test peers.
     */
    public static final class ProductionClasses implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) && !location.contains("-tests.jar");
        }
    }
}
