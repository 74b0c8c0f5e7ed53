package nl.zorgbrug.bgz.r4;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One served zib2017 resource (FHIR STU3, as the EPD fed the store) as FHIR R4 on the zib2020 profiles (issue 19:
 * "serve the same data as FHIR R4 / zib2020 ... map by the zib2017→zib2020 differences, converting with HAPI's
 * converter where it fits"). HAPI's {@code VersionConvertor_30_40} does the FHIR-version part (element renames,
 * ProcedureRequest as ServiceRequest, Observation.related as hasMember/derivedFrom); this class then does what the
 * converter cannot know, the Nictiz part: the zib2020 nl-core profile for each zib2017 profile in {@code meta.profile}
 * (Nictiz-R4-zib2020 0.12.1-beta.1, ../shared/fhir-profiles/r4-zib2020), the zib2017 extensions that zib2020 kept
 * under a new canonical, and references to renamed resource types. What it does not map is listed in docs/bgz.md.
 */
final class Zib2020 {
    static final String NICTIZ = "http://nictiz.nl/fhir/StructureDefinition/";
    private static final String NL = "http://fhir.nl/fhir/StructureDefinition/";

    /**
     * zib2017 (STU3) profile to zib2020 (R4) profile. The medication zibs moved to Medication Process 9 3.0 in
     * zib2020 (the mp- profiles, not in the shared package); the BgZ MSZ 2.0 profiles BgZ-Patient and BgZ-Problem
     * add only BgZ constraints to the zibs, so their zib's nl-core profile is stated. BgZ-Metadata (the Provenance
     * of BgZ MSZ 2.0) has no zib2020 counterpart and is left out.
     */
    static final Map<String, String> PROFILES = Map.ofEntries(
            Map.entry(NL + "nl-core-patient", NICTIZ + "nl-core-Patient"),
            Map.entry(NICTIZ + "BgZ-Patient", NICTIZ + "nl-core-Patient"),
            Map.entry(NL + "nl-core-organization", NICTIZ + "nl-core-HealthcareProvider-Organization"),
            Map.entry(NL + "nl-core-practitioner", NICTIZ + "nl-core-HealthProfessional-Practitioner"),
            Map.entry(NL + "nl-core-practitionerrole", NICTIZ + "nl-core-HealthProfessional-PractitionerRole"),
            Map.entry(NL + "nl-core-careteam", NICTIZ + "nl-core-CareTeam"),
            Map.entry(NL + "nl-core-relatedperson", NICTIZ + "nl-core-ContactPerson"),
            Map.entry(NICTIZ + "zib-ContactPerson", NICTIZ + "nl-core-ContactPerson"),
            Map.entry(NICTIZ + "zib-Payer", NICTIZ + "nl-core-Payer.InsuranceCompany"),
            Map.entry(NICTIZ + "zib-TreatmentDirective", NICTIZ + "nl-core-TreatmentDirective2"),
            Map.entry(NICTIZ + "zib-AdvanceDirective", NICTIZ + "nl-core-AdvanceDirective"),
            Map.entry(NICTIZ + "zib-FunctionalOrMentalStatus", NICTIZ + "nl-core-FunctionalOrMentalStatus"),
            Map.entry(NICTIZ + "zib-Problem", NICTIZ + "nl-core-Problem"),
            Map.entry(NICTIZ + "BgZ-Problem", NICTIZ + "nl-core-Problem"),
            Map.entry(NICTIZ + "zib-LivingSituation", NICTIZ + "nl-core-LivingSituation"),
            Map.entry(NICTIZ + "zib-DrugUse", NICTIZ + "nl-core-DrugUse"),
            Map.entry(NICTIZ + "zib-AlcoholUse", NICTIZ + "nl-core-AlcoholUse"),
            Map.entry(NICTIZ + "zib-TobaccoUse", NICTIZ + "nl-core-TobaccoUse"),
            Map.entry(NICTIZ + "zib-NutritionAdvice", NICTIZ + "nl-core-NutritionAdvice"),
            Map.entry(NICTIZ + "zib-Alert", NICTIZ + "nl-core-Alert"),
            Map.entry(NICTIZ + "zib-AllergyIntolerance", NICTIZ + "nl-core-AllergyIntolerance"),
            Map.entry(NICTIZ + "zib-MedicationAgreement", NICTIZ + "mp-MedicationAgreement"),
            Map.entry(NICTIZ + "zib-AdministrationAgreement", NICTIZ + "mp-AdministrationAgreement"),
            Map.entry(NICTIZ + "zib-MedicationUse", NICTIZ + "mp-MedicationUse2"),
            Map.entry(NICTIZ + "zib-Product", NICTIZ + "nl-core-PharmaceuticalProduct"),
            Map.entry(NICTIZ + "zib-MedicalDevice", NICTIZ + "nl-core-MedicalDevice"),
            Map.entry(NICTIZ + "zib-MedicalDeviceProduct", NICTIZ + "nl-core-MedicalDevice.Product"),
            Map.entry(NICTIZ + "zib-Vaccination", NICTIZ + "nl-core-Vaccination-event"),
            Map.entry(NICTIZ + "zib-BloodPressure", NICTIZ + "nl-core-BloodPressure"),
            Map.entry(NICTIZ + "zib-BodyWeight", NICTIZ + "nl-core-BodyWeight"),
            Map.entry(NICTIZ + "zib-BodyHeight", NICTIZ + "nl-core-BodyHeight"),
            Map.entry(NICTIZ + "zib-LaboratoryTestResult-Observation", NICTIZ + "nl-core-LaboratoryTestResult"),
            Map.entry(NICTIZ + "zib-LaboratoryTestResult-Specimen", NICTIZ + "nl-core-LaboratoryTestResult.Specimen"),
            Map.entry(NICTIZ + "zib-Encounter", NICTIZ + "nl-core-Encounter"),
            Map.entry(NICTIZ + "zib-Procedure", NICTIZ + "nl-core-Procedure-event"),
            Map.entry(NICTIZ + "zib-ProcedureRequest", NICTIZ + "nl-core-Procedure-request"));

    /** zib2017 extensions whose content zib2020 keeps under another canonical (same value type, same place). */
    static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry(NICTIZ + "code-specification", NICTIZ + "ext-CodeSpecification"),
            Map.entry(NICTIZ + "zib-ContactInformation-TelecomType", NICTIZ + "ext-CodeSpecification"),
            Map.entry(NICTIZ + "zib-AddressInformation-AddressType", NICTIZ + "ext-AddressInformation.AddressType"),
            Map.entry(NICTIZ + "BodySite-Qualifier", NICTIZ + "ext-AnatomicalLocation.Laterality"),
            Map.entry(NICTIZ + "Comment", NICTIZ + "ext-Comment"));

    /** Resource types STU3 had and R4 renamed (FHIR R4, "Resource ProcedureRequest: moved to ServiceRequest"). */
    private static final Map<String, String> RENAMED = Map.of("ProcedureRequest", "ServiceRequest");

    private final FhirTerser terser;
    private final Zib2020Rules rules;
    private final NutritionOrderR4 nutritionOrders;
    private final DeviceR4 devices;

    Zib2020(FhirContext stu3, FhirContext r4) {
        this.terser = r4.newTerser();
        this.rules = new Zib2020Rules(terser);
        Reread reread = new Reread(stu3, r4);
        this.nutritionOrders = new NutritionOrderR4(reread);
        this.devices = new DeviceR4(reread);
    }

    /** The R4 / zib2020 form of one served STU3 resource. */
    Resource convert(org.hl7.fhir.dstu3.model.Resource stu3) {
        Resource r4;
        try {
            if (stu3 instanceof org.hl7.fhir.dstu3.model.NutritionOrder n) {
                r4 = nutritionOrders.convert(n);
            } else if (stu3 instanceof org.hl7.fhir.dstu3.model.Device d) {
                r4 = devices.convert(d);
            } else {
                r4 = VersionConvertorFactory_30_40.convertResource(stu3.copy());
            }
        } catch (FHIRException | ca.uhn.fhir.parser.DataFormatException e) {
            throw new IllegalStateException(stu3.fhirType() + "/" + stu3.getIdElement().getIdPart()
                    + " cannot be converted to FHIR R4 (" + e.getMessage() + "): the R4 endpoint cannot serve it;"
                    + " the STU3 endpoint still does", e);
        }
        r4.setId(stu3.getIdElement().getIdPart());
        profiles(r4);
        for (Reference ref : terser.getAllPopulatedChildElementsOfType(r4, Reference.class)) {
            renameType(ref);
        }
        for (Extension ext : terser.getAllPopulatedChildElementsOfType(r4, Extension.class)) {
            String renamed = EXTENSIONS.get(ext.getUrl());
            if (renamed != null) {
                ext.setUrl(renamed);
            }
        }
        rules.apply(r4);
        return r4;
    }

    private static void profiles(Resource r4) {
        List<CanonicalType> stated = r4.getMeta().getProfile();
        Set<String> mapped = new LinkedHashSet<>();
        for (CanonicalType p : stated) {
            String value = p.getValue() == null ? "" : p.getValue();
            String canonical = value.contains("|") ? value.substring(0, value.indexOf('|')) : value;
            String zib2020 = PROFILES.get(canonical);
            if (zib2020 != null) {
                mapped.add(zib2020);
            }
        }
        stated.clear();
        mapped.forEach(r4.getMeta()::addProfile);
        if (r4.getMeta().isEmpty()) {
            r4.setMeta(null);
        }
    }

    private static void renameType(Reference ref) {
        String value = ref.getReference();
        if (value == null) {
            return;
        }
        int slash = value.indexOf('/');
        if (slash > 0 && !value.contains(":")) {
            String renamed = RENAMED.get(value.substring(0, slash));
            if (renamed != null) {
                ref.setReference(renamed + value.substring(slash));
            }
        }
        if (ref.hasType() && RENAMED.containsKey(ref.getType())) {
            ref.setType(RENAMED.get(ref.getType()));
        }
    }
}
