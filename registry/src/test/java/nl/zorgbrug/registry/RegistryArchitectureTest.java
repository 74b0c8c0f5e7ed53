package nl.zorgbrug.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The registry's packages: model ← store ← service, no cycle, the model knowing neither store nor service. */
@AnalyzeClasses(packages = "nl.zorgbrug.registry", importOptions = ImportOption.DoNotIncludeTests.class)
class RegistryArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.registry.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theModelStandsAlone = noClasses().that().resideInAPackage("nl.zorgbrug.registry.model..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.registry.store..",
                    "nl.zorgbrug.registry.service..");

    @ArchTest
    static final ArchRule storesKnowNoRules = noClasses().that().resideInAPackage("nl.zorgbrug.registry.store..")
            .should().dependOnClassesThat().resideInAPackage("nl.zorgbrug.registry.service..");
}
