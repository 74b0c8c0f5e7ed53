package nl.zorgbrug.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of the Spring Boot node and the launcher form no cycle. The rules between modules are in
 * {@link ModuleLayeringTest}.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.app", importOptions = ImportOption.DoNotIncludeTests.class)
class AppArchitectureTest {

    /** Every package of app is a slice; no two may need each other. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();
}
