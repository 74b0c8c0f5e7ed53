package nl.zorgbrug.bsn;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of the BSN rules (the root with {@link Bsn}, identity, mpi, classify, swap) form no cycle, so
 * each can be read and tested from the bottom up. The rules between modules (bsn needs only dicom, no Spring)
 * are checked in app's {@code ModuleLayeringTest}, the one module that sees all.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.bsn", importOptions = ImportOption.DoNotIncludeTests.class)
class BsnArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();
}
