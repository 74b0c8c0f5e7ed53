package nl.zorgbrug.app;

import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import nl.zorgbrug.dicom.data.Tag;

/**
 * The modules depend only downward, dicom → bsn → gateway → hl7, audit, compliance, transport, bgz and registry
 * (side by side; bgz uses audit) → app → bench
 * (docs/architecture.md, "Modules"), the domain modules are plain Java without Spring, and tag constants live only
 * in the generated Tag. These rules live here because app is the one module whose classpath holds the classes of
 * dicom, bsn, gateway, hl7, audit, compliance, transport, bgz and registry as well as its
 * own; they are checked by package, so a class put in a lower module's package from a higher module breaks them
 * too. Maven's own rule (no cycles between modules) already stops most upward imports from compiling; these rules
 * say why and catch what it cannot. Each module's own ArchitectureTest checks the packages inside it.
 */
@AnalyzeClasses(packages = "nl.zorgbrug", importOptions = ModuleLayeringTest.ProductionClasses.class)
class ModuleLayeringTest {

    @ArchTest
    static final ArchRule dicomNeedsNoOtherModule = noClasses().that().resideInAPackage("nl.zorgbrug.dicom..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "nl.zorgbrug.bsn..", "nl.zorgbrug.gateway..", "nl.zorgbrug.hl7..", "nl.zorgbrug.audit..",
                    "nl.zorgbrug.compliance..", "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    @ArchTest
    static final ArchRule bsnNeedsOnlyDicom = noClasses().that().resideInAPackage("nl.zorgbrug.bsn..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "nl.zorgbrug.gateway..", "nl.zorgbrug.hl7..", "nl.zorgbrug.audit..", "nl.zorgbrug.compliance..",
                    "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    @ArchTest
    static final ArchRule gatewayNeedsOnlyDicomAndBsn = noClasses().that().resideInAPackage("nl.zorgbrug.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.audit..",
                    "nl.zorgbrug.compliance..", "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /** The EPD feed (issue 16) sits between the gateway and the node: it uses the domain, never the node. */
    @ArchTest
    static final ArchRule hl7NeedsOnlyTheDomain = noClasses().that().resideInAPackage("nl.zorgbrug.hl7..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.audit..", "nl.zorgbrug.compliance..",
                    "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /** The audit module (issue 17) sits between gateway and app: it listens to the gateway, app wires and stores it. */
    @ArchTest
    static final ArchRule auditNeedsOnlyTheModulesBelow = noClasses().that().resideInAPackage("nl.zorgbrug.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.compliance..",
                    "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /** Compliance (issue 18) sits after the gateway, whose events it will count; it knows nothing of the node. */
    @ArchTest
    static final ArchRule complianceNeedsOnlyTheModulesBelow = noClasses().that()
            .resideInAPackage("nl.zorgbrug.compliance..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.audit..",
                    "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /**
     * The transports beyond DICOM (issue 21: study packages, SFTP) sit after the gateway, whose outbound transport
     * port they implement and whose intake they feed; they know nothing of the node nor of the other side modules.
     */
    @ArchTest
    static final ArchRule transportNeedsOnlyTheModulesBelow = noClasses().that()
            .resideInAPackage("nl.zorgbrug.transport..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.audit..",
                    "nl.zorgbrug.compliance..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /**
     * The BgZ (issue 19) sits after the gateway beside hl7, audit and compliance: it uses audit's consent and trail,
     * and knows nothing of the EPD feed, the measurements or the node.
     */
    @ArchTest
    static final ArchRule bgzNeedsOnlyTheModulesBelow = noClasses().that().resideInAPackage("nl.zorgbrug.bgz..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.compliance..",
                    "nl.zorgbrug.transport..", "nl.zorgbrug.registry..", "nl.zorgbrug.app..", "nl.zorgbrug.bench..");

    /**
     * HAPI FHIR stays where FHIR is the wire format: the BgZ (and app only to register its servlet), and in audit the
     * three places that speak FHIR to the outside: the BALP export, the overview's Bundle and Mitz's notifications.
     */
    @ArchTest
    static final ArchRule hapiFhirOnlyWhereFhirIsSpoken = noClasses().that().resideOutsideOfPackages("nl.zorgbrug.bgz..",
                    "nl.zorgbrug.app.bgz..", "nl.zorgbrug.audit.export.balp..", "nl.zorgbrug.audit.overview..",
                    "nl.zorgbrug.audit.consent.mitz..")
            .and().resideInAPackage("nl.zorgbrug..")
            .should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir..", "org.hl7.fhir..");

    /**
     * The XDS registry (issue 20) sits beside hl7, audit and compliance: plain Java on IPF's metadata model; app
     * wires it, stores it and audits it.
     */
    @ArchTest
    static final ArchRule registryNeedsOnlyTheModulesBelow = noClasses().that().resideInAPackage("nl.zorgbrug.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.hl7..", "nl.zorgbrug.audit..",
                    "nl.zorgbrug.compliance..", "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.app..",
                    "nl.zorgbrug.bench..");

    /** IPF's Camel and CXF stack (the SOAP endpoints) is the node's; the registry's domain uses only IPF's model. */
    @ArchTest
    static final ArchRule registryDomainWithoutCamel = noClasses().that().resideInAPackage("nl.zorgbrug.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.cxf..",
                    "org.openehealth.ipf.platform..");

    /** HAPI HL7 v2 is the feed's wire format: only its adt package reads it, nothing else in the node. */
    @ArchTest
    static final ArchRule hapiHl7OnlyInTheAdtPackage = noClasses().that().resideOutsideOfPackage("nl.zorgbrug.hl7.adt..")
            .should().dependOnClassesThat().resideInAPackage("ca.uhn.hl7v2..");

    /** The benchmarks are run by hand against real peers; nothing that ships may need them. */
    @ArchTest
    static final ArchRule appNeedsNoBenchmarks = noClasses().that().resideInAPackage("nl.zorgbrug.app..")
            .should().dependOnClassesThat().resideInAPackage("nl.zorgbrug.bench..");

    /** The domain is plain Java, testable without a container; Spring wires it together in app only. */
    @ArchTest
    static final ArchRule noSpringInTheDomainModules = noClasses()
            .that().resideInAnyPackage("nl.zorgbrug.dicom..", "nl.zorgbrug.bsn..", "nl.zorgbrug.gateway..",
                    "nl.zorgbrug.hl7..", "nl.zorgbrug.audit..", "nl.zorgbrug.compliance..", "nl.zorgbrug.transport..", "nl.zorgbrug.bgz..", "nl.zorgbrug.registry..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    /**
     * Every PS3.6 tag has its constant in the generated {@link Tag}; a private copy (PatientID, or PATIENT_ID) is
     * one more place for a wrong number to hide. Main classes of all modules; names compared without case and
     * underscores.
     */
    @ArchTest
    static final ArchRule tagConstantsOnlyInTag = noFields().that().areStatic().and().areFinal()
            .and().haveRawType(int.class).and().areNotDeclaredIn(Tag.class)
            .should(be(namedLikeADataElementKeyword()));

    private static DescribedPredicate<JavaField> namedLikeADataElementKeyword() {
        Set<String> keywords = Stream.of(Tag.class.getFields()).map(f -> normalised(f.getName()))
                .collect(Collectors.toSet());
        return DescribedPredicate.describe("named like a PS3.6 keyword",
                field -> keywords.contains(normalised(field.getName())));
    }

    private static String normalised(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

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
