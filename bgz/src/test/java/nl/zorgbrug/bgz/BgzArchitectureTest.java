package nl.zorgbrug.bgz;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages of the bgz module form no cycle; the store and the access rules are plain Java that know no FHIR
 * version, so the R4 endpoint can sit beside stu3 on the same store. The rules between modules are in app's
 * {@code ModuleLayeringTest}.
 */
@AnalyzeClasses(packages = "nl.zorgbrug.bgz", importOptions = ImportOption.DoNotIncludeTests.class)
class BgzArchitectureTest {

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("nl.zorgbrug.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule storeAndAccessKnowNoFhirVersion = noClasses().that()
            .resideInAnyPackage("nl.zorgbrug.bgz.store..", "nl.zorgbrug.bgz.access..")
            .should().dependOnClassesThat().resideInAnyPackage("nl.zorgbrug.bgz.stu3..", "ca.uhn.fhir..",
                    "org.hl7.fhir..");

    /**
     * The requesting role is a client of another institution's endpoint: it uses nothing of our own serving side, nor
     * HAPI's server. HAPI's exceptions for an HTTP status are the one exception: they live in
     * {@code ca.uhn.fhir.rest.server.exceptions} (hapi-fhir-base), and its generic client throws them for a peer's
     * 3xx/4xx/5xx with the status and the OperationOutcome.
     */
    @ArchTest
    static final ArchRule requestingKnowsNoServingSide = noClasses().that().resideInAPackage("nl.zorgbrug.bgz.request..")
            .should().dependOnClassesThat(resideInAnyPackage("nl.zorgbrug.bgz.stu3..", "nl.zorgbrug.bgz.r4..",
                    "nl.zorgbrug.bgz.store..", "ca.uhn.fhir.rest.server..")
                    .and(not(resideInAPackage("ca.uhn.fhir.rest.server.exceptions.."))));

    /** The serving side does not call out: only the requesting role does. */
    @ArchTest
    static final ArchRule servingDoesNotRequest = noClasses().that().resideInAnyPackage("nl.zorgbrug.bgz.stu3..",
                    "nl.zorgbrug.bgz.r4..")
            .should().dependOnClassesThat().resideInAPackage("nl.zorgbrug.bgz.request..");
}
