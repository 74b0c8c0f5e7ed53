package nl.zorgbrug.dicom;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the dicom toolkit inside this module (docs/architecture.md, "Design decisions in the DICOM
 * network layer"): its packages form no cycle, and the network packages follow the wire upwards, so a lower
 * layer never needs a higher one and each can be tested alone. The rules between modules (dicom needs no
 * other module, no Spring) are checked in app's {@code ModuleLayeringTest}, the one module that sees all.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.dicom", importOptions = ImportOption.DoNotIncludeTests.class)
class DicomArchitectureTest {

    /** Each package of the toolkit (data, charset, dict, io, net.pdu, ...) is a slice; no two may need each other. */
    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)")
            .should().beFreeOfCycles();

    /**
     * PS3.8 layering: PDUs on the wire, the upper-layer state machine over them, associations over that, DIMSE
     * messages over associations, services over DIMSE. TLS only configures sockets, so it needs none of them;
     * the layers that open sockets may use it.
     */
    @ArchTest
    static final ArchRule networkLayersOnlyDownward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("tls").definedBy("nl.zorgbrug.dicom.net.tls..")
            .layer("pdu").definedBy("nl.zorgbrug.dicom.net.pdu..")
            .layer("ul").definedBy("nl.zorgbrug.dicom.net.ul..")
            .layer("assoc").definedBy("nl.zorgbrug.dicom.net.assoc..")
            .layer("dimse").definedBy("nl.zorgbrug.dicom.net.dimse..")
            .layer("service").definedBy("nl.zorgbrug.dicom.net.service..")
            .whereLayer("service").mayNotBeAccessedByAnyLayer()
            .whereLayer("dimse").mayOnlyBeAccessedByLayers("service")
            .whereLayer("assoc").mayOnlyBeAccessedByLayers("dimse", "service")
            .whereLayer("ul").mayOnlyBeAccessedByLayers("assoc", "dimse", "service")
            .whereLayer("pdu").mayOnlyBeAccessedByLayers("ul", "assoc", "dimse", "service")
            .whereLayer("tls").mayOnlyBeAccessedByLayers("assoc", "dimse", "service");
}
