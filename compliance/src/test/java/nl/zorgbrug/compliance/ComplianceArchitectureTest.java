package nl.zorgbrug.compliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of compliance form no cycle, and the counting ({@code tally}) knows nothing of where its objects come
 * from: the folder scan, the PACS scan and (later) the job log all feed the same tally, and the reports only read
 * it. The rules between modules are in app's {@code ModuleLayeringTest}.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.compliance", importOptions = ImportOption.DoNotIncludeTests.class)
class ComplianceArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.compliance.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theTallyNeedsNoSource = noClasses().that().resideInAPackage("nl.zorgbrug.compliance.tally..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.compliance.scan..",
                    "nl.zorgbrug.compliance.pacs..", "nl.zorgbrug.compliance.report..", "nl.zorgbrug.dicom.io..",
                    "nl.zorgbrug.dicom.net..");

    @ArchTest
    static final ArchRule reportsOnlyRead = noClasses().that().resideInAPackage("nl.zorgbrug.compliance.report..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.compliance.scan..",
                    "nl.zorgbrug.compliance.pacs..");
}
