package nl.zorgbrug.transport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of transport form no cycle; the package format ({@code pkg}) knows nothing of SSH, so a later channel
 * (the download link) packs with it too. The rules between modules are in app's ModuleLayeringTest.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.transport", importOptions = ImportOption.DoNotIncludeTests.class)
class TransportArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.transport.(**)").should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule thePackageFormatNeedsNoSsh = noClasses().that().resideInAPackage("..transport.pkg..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..", "..transport.sftp..");
}
