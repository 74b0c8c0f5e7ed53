package nl.zorgbrug.bgz.r4;

import java.util.List;
import java.util.Map;

import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The zib2017→zib2020 differences that are more than a new canonical, each applied where the data holds what the
 * zib2020 profile wants (Nictiz-R4-zib2020 0.12.1-beta.1, the profiles and ConceptMaps in
 * ../shared/fhir-profiles/r4-zib2020). Nothing is made up: a rule only restates what the zib2017 resource says in the
 * form zib2020 asks for.
 */
final class Zib2020Rules {
    static final String SNOMED = "http://snomed.info/sct";
    private static final String TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/";
    private static final String EN_QUALIFIER = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier";
    private static final String NOT_GIVEN = "http://hl7.org/fhir/3.0/StructureDefinition/extension-Immunization.notGiven";
    private static final String STU3_TAKEN = "http://hl7.org/fhir/3.0/StructureDefinition/extension-MedicationStatement.taken";
    private static final String STU3_STATUS = "http://hl7.org/fhir/3.0/StructureDefinition/extension-MedicationStatement.status";
    private static final String ZIB2017_TD = Zib2020.NICTIZ + "zib-TreatmentDirective-";
    /** zib2017's code system of TreatmentPermitted (JA, NEE, JA_MAAR). */
    private static final String TREATMENT_PERMITTED = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4";
    private static final String NULL_FLAVOR = "http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor";
    private static final String DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    /** The component code of pack years in zib TobaccoUse (SNOMED 401201003, both zib2017 and zib2020). */
    private static final String PACK_YEARS = "401201003";

    /**
     * FHIR R4 moved the HL7-defined code systems to terminology.hl7.org (FHIR R4, "Terminology": v2 and v3 tables and
     * the FHIR-defined systems R4 made external); HAPI's converter leaves {@code Coding.system} as it was.
     */
    private static final Map<String, String> MOVED_SYSTEMS = Map.of(
            "http://hl7.org/fhir/observation-category", TERMINOLOGY + "observation-category",
            "http://hl7.org/fhir/referencerange-meaning", TERMINOLOGY + "referencerange-meaning");

    /**
     * zib2020 Problem: the verification status also as the zib's own code (VerificatieStatusCodelijst), by the
     * ConceptMap VerificatieStatusCodelijst-to-ConditionVerificationStatus read backwards.
     */
    private static final Map<String, Coding> VERIFICATION = Map.of(
            "provisional", new Coding(SNOMED, "415684004", "Suspected"),
            "differential", new Coding(SNOMED, "410590009", "Known possible"),
            "confirmed", new Coding(SNOMED, "410605003", "Confirmed present"),
            "refuted", new Coding(SNOMED, "410516002", "Known absent"),
            "unconfirmed", new Coding(TERMINOLOGY + "v3-NullFlavor", "UNK", "unknown"));

    private final FhirTerser terser;

    Zib2020Rules(FhirTerser terser) {
        this.terser = terser;
    }

    void apply(Resource r) {
        for (Coding c : terser.getAllPopulatedChildElementsOfType(r, Coding.class)) {
            c.setSystem(system(c.getSystem()));
        }
        for (HumanName n : terser.getAllPopulatedChildElementsOfType(r, HumanName.class)) {
            name(n);
        }
        for (ContactPoint t : terser.getAllPopulatedChildElementsOfType(r, ContactPoint.class)) {
            telecomType(t);
        }
        for (CodeableConcept cc : terser.getAllPopulatedChildElementsOfType(r, CodeableConcept.class)) {
            nullFlavor(cc);
        }
        List<String> profiles = r.getMeta().getProfile().stream().map(p -> p.getValue()).toList();
        if (r instanceof Observation o && profiles.contains(Zib2020.NICTIZ + "nl-core-LaboratoryTestResult")) {
            category(o.getCategory(), new Coding(TERMINOLOGY + "observation-category", "laboratory", "Laboratory"));
        }
        if (r instanceof Consent c) {
            consent(c, profiles);
        }
        if (r instanceof Condition c && c.hasVerificationStatus()) {
            c.getVerificationStatus().getCoding().stream()
                    .filter(x -> (TERMINOLOGY + "condition-ver-status").equals(x.getSystem())).findFirst()
                    .map(x -> VERIFICATION.get(x.getCode()))
                    .filter(zib -> !has(List.of(c.getVerificationStatus()), zib))
                    .ifPresent(zib -> c.getVerificationStatus().addCoding(zib.copy()));
        }
        if (r instanceof Immunization i) {
            notGiven(i);
        }
        if (r instanceof MedicationRequest m) {
            zib2020Codes(m.getCategory());
            if (!m.hasStatus()) {
                m.setStatus(MedicationRequest.MedicationRequestStatus.UNKNOWN);
            }
        }
        if (r instanceof MedicationDispense d && !d.hasStatus()) {
            d.setStatus(MedicationDispense.MedicationDispenseStatus.UNKNOWN);
        }
        if (r instanceof Coverage c) {
            coverageStatus(c);
        }
        if (r instanceof Condition c) {
            c.getBodySite().forEach(Zib2020Rules::lateralityOnly);
        }
        if (r instanceof org.hl7.fhir.r4.model.Procedure p) {
            p.getBodySite().forEach(Zib2020Rules::lateralityOnly);
        }
        if (r instanceof org.hl7.fhir.r4.model.ServiceRequest p) {
            p.getBodySite().forEach(Zib2020Rules::lateralityOnly);
        }
        if (r instanceof Observation o && profiles.contains(Zib2020.NICTIZ + "nl-core-TobaccoUse")) {
            packYears(o);
        }
        if (r instanceof MedicationStatement m) {
            taken(m);
        }
        if (r instanceof org.hl7.fhir.r4.model.DeviceUseStatement d) {
            deviceProblem(d);
        }
        if (r instanceof MedicationStatement m && m.hasCategory()) {
            List<CodeableConcept> one = new java.util.ArrayList<>(List.of(m.getCategory()));
            zib2020Codes(one);
            one.subList(1, one.size()).forEach(cc -> cc.getCoding().forEach(m.getCategory()::addCoding));
        }
    }

    /**
     * STU3's MedicationStatement {@code taken} has no element in R4, whose status took it over (FHIR R4
     * MedicationStatement: "not-taken", "unknown"); HAPI's converter keeps it, and the STU3 status, as extensions.
     * Not taken (n) is status not-taken, unknown (unk) status unknown; taken (y) and not applicable (na) add nothing
     * to the status. The status extension repeats the status R4 has.
     */
    private static void taken(MedicationStatement m) {
        Extension taken = m.getExtensionByUrl(STU3_TAKEN);
        if (taken != null && taken.getValue() != null) {
            switch (taken.getValue().primitiveValue()) {
                case "n" -> m.setStatus(MedicationStatement.MedicationStatementStatus.NOTTAKEN);
                case "unk" -> m.setStatus(MedicationStatement.MedicationStatementStatus.UNKNOWN);
                default -> { }
            }
        }
        m.getExtension().removeIf(e -> STU3_TAKEN.equals(e.getUrl()) || STU3_STATUS.equals(e.getUrl())
                && m.hasStatus());
    }

    /** The zib2020 / MP9 3.0 code beside each zib2017 code a category holds ({@link Zib2020Codes}). */
    private static void zib2020Codes(List<CodeableConcept> categories) {
        for (Map.Entry<String, String> e : Zib2020Codes.TO_ZIB2017.entrySet()) {
            String[] old = e.getValue().split("\\|", 2);
            if (has(categories, new Coding(old[0], old[1], null))) {
                String[] now = e.getKey().split("\\|", 2);
                category(categories, new Coding(now[0], now[1], null));
            }
        }
    }

    static String system(String system) {
        if (system == null) {
            return null;
        }
        if (system.startsWith("http://hl7.org/fhir/v3/")) {
            return TERMINOLOGY + "v3-" + system.substring("http://hl7.org/fhir/v3/".length());
        }
        if (system.startsWith("http://hl7.org/fhir/v2/")) {
            return TERMINOLOGY + "v2-" + system.substring("http://hl7.org/fhir/v2/".length());
        }
        return MOVED_SYSTEMS.getOrDefault(system, system);
    }

    /**
     * zib2020 NameInformation: the official name has {@code use = official} (zib2017 left it out: its name was the
     * official one), and every given name says whether it is a full first name (BR) or an initial (IN); zib2017
     * marked initials only, so an unmarked given name is a full one.
     */
    private static void name(HumanName n) {
        if (!n.hasUse()) {
            n.setUse(HumanName.NameUse.OFFICIAL);
        }
        for (StringType given : n.getGiven()) {
            if (given.getExtensionByUrl(EN_QUALIFIER) == null) {
                given.addExtension(EN_QUALIFIER, new org.hl7.fhir.r4.model.CodeType("BR"));
            }
        }
    }

    /**
     * zib2017 put the telecom type (zib ContactInformation) on the ContactPoint itself; zib2020 puts it as a
     * CodeSpecification on {@code ContactPoint.system}.
     */
    private static void telecomType(ContactPoint t) {
        for (Extension e : List.copyOf(t.getExtension())) {
            if ((Zib2020.NICTIZ + "ext-CodeSpecification").equals(e.getUrl())) {
                t.getExtension().remove(e);
                t.getSystemElement().addExtension(e);
            }
        }
    }

    /**
     * zib2020 TreatmentDirective2 and AdvanceDirective: new category codes (SNOMED 129125009 for the treatment
     * directive instead of 11291000146105; consentcategorycodes#acd for the advance directive instead of SNOMED
     * 11341000146107) and the scope R4 made required (treatment, adr). The zib2017 codes stay beside them.
     */
    private static void consent(Consent c, List<String> profiles) {
        if (profiles.contains(Zib2020.NICTIZ + "nl-core-TreatmentDirective2")) {
            treatmentDecision(c);
            category(c.getCategory(), new Coding(SNOMED, "129125009", "Procedure with explicit context"));
            if (!c.hasScope()) {
                c.setScope(new CodeableConcept(new Coding(TERMINOLOGY + "consentscope", "treatment", "Treatment")));
            }
        }
        if (profiles.contains(Zib2020.NICTIZ + "nl-core-AdvanceDirective")) {
            category(c.getCategory(), new Coding(TERMINOLOGY + "consentcategorycodes", "acd", "Advance Directive"));
            if (!c.hasScope()) {
                c.setScope(new CodeableConcept(new Coding(TERMINOLOGY + "consentscope", "adr",
                        "Advanced Care Directive")));
            }
        }
    }

    /**
     * zib2017 TreatmentDirective held the treatment and whether it is permitted in extensions, the latter a modifier
     * extension that a zib2020 receiver does not know and so must refuse. zib2020 TreatmentDirective2 has them as
     * {@code provision.code} and {@code provision.type}, by the ConceptMap TreatmentDecisionCodelist-to-
     * ConsentProvisionType: JA (permitted) is permit, NEE deny; JA_MAAR (permitted with restrictions) has no type
     * and goes as the SpecificationOther modifier extension with the restrictions the zib2017 resource states.
     */
    private static void treatmentDecision(Consent c) {
        Extension treatment = c.getExtensionByUrl(ZIB2017_TD + "Treatment");
        if (treatment != null && treatment.getValue() instanceof CodeableConcept cc && !c.getProvision().hasCode()) {
            c.getProvision().addCode(cc);
            c.getExtension().remove(treatment);
        }
        Extension permitted = c.getModifierExtension().stream()
                .filter(e -> (ZIB2017_TD + "TreatmentPermitted").equals(e.getUrl())).findFirst().orElse(null);
        if (permitted == null || !(permitted.getValue() instanceof CodeableConcept decision)) {
            return;
        }
        Coding code = decision.getCoding().stream().filter(x -> TREATMENT_PERMITTED.equals(x.getSystem()))
                .findFirst().orElse(null);
        if (code == null) {
            return;
        }
        switch (code.getCode()) {
            case "JA" -> c.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
            case "NEE" -> c.getProvision().setType(Consent.ConsentProvisionType.DENY);
            case "JA_MAAR" -> {
                Extension restrictions = c.getExtensionByUrl(ZIB2017_TD + "Restrictions");
                String text = restrictions != null && restrictions.getValue() != null
                        ? restrictions.getValue().primitiveValue()
                        : code.hasDisplay() ? code.getDisplay() : "Ja, maar";
                c.addModifierExtension(new Extension(Zib2020.NICTIZ + "ext-TreatmentDirective2.SpecificationOther",
                        new StringType(text)));
                if (restrictions != null) {
                    c.getExtension().remove(restrictions);
                }
            }
            default -> {
                return;
            }
        }
        c.getModifierExtension().remove(permitted);
    }

    /**
     * zib2017 MedicalDevice named the problem the device is for as an extension inside {@code indication} (STU3 had
     * no reference there); R4 has {@code reasonReference}, where zib2020 MedicalDevice puts the problem.
     */
    private static void deviceProblem(org.hl7.fhir.r4.model.DeviceUseStatement d) {
        for (CodeableConcept reason : List.copyOf(d.getReasonCode())) {
            Extension problem = reason.getExtensionByUrl(Zib2020.NICTIZ + "zib-MedicalDevice-Problem");
            if (problem != null && problem.getValue() instanceof org.hl7.fhir.r4.model.Reference ref) {
                d.addReasonReference(ref);
                reason.getExtension().remove(problem);
                if (reason.isEmpty()) {
                    d.getReasonCode().remove(reason);
                }
            }
        }
    }

    /**
     * STU3's {@code notGiven} has no element in R4 (the converter keeps it as an extension): a vaccination not given is
     * R4 status {@code not-done}; one given needs nothing more than its status.
     */
    private static void notGiven(Immunization i) {
        Extension e = i.getExtensionByUrl(NOT_GIVEN);
        if (e == null) {
            return;
        }
        if (e.getValue() instanceof BooleanType b && b.booleanValue()) {
            i.setStatus(Immunization.ImmunizationStatus.NOTDONE);
        }
        i.getExtension().remove(e);
    }

    /**
     * zib2017 said "another value than the list has, see the text" with the iso21090-nullFlavor extension on the
     * concept; zib2020's value sets take that as the NullFlavor code itself (OTH, UNK, ... in v3-NullFlavor).
     */
    private static void nullFlavor(CodeableConcept cc) {
        Extension e = cc.getExtensionByUrl(NULL_FLAVOR);
        if (e == null || e.getValue() == null) {
            return;
        }
        String code = e.getValue().primitiveValue();
        if (cc.getCoding().stream().noneMatch(c -> (TERMINOLOGY + "v3-NullFlavor").equals(c.getSystem()))) {
            cc.addCoding(new Coding(TERMINOLOGY + "v3-NullFlavor", code, null));
        }
        cc.getExtension().remove(e);
    }

    /**
     * zib2017 allowed a body site that states only the laterality (its BodySite-Qualifier) and no location; zib2020
     * binds the location code as required. The location is then said to be unknown (data-absent-reason), which is
     * what the zib2017 resource says, rather than left as a concept without a code.
     */
    private static void lateralityOnly(CodeableConcept site) {
        if (!site.hasCoding() && !site.hasText() && site.getExtensionByUrl(DATA_ABSENT) == null) {
            site.addExtension(DATA_ABSENT, new org.hl7.fhir.r4.model.CodeType("unknown"));
        }
    }

    /**
     * R4 made Coverage.status required; zib2017's Payer has no status. A coverage whose period holds today is in force
     * ({@code active}); for any other the status stays unsaid rather than guessed.
     */
    private static void coverageStatus(Coverage c) {
        if (c.hasStatus() || !c.hasPeriod()) {
            return;
        }
        java.util.Date now = new java.util.Date();
        boolean started = !c.getPeriod().hasStart() || !c.getPeriod().getStart().after(now);
        boolean notEnded = !c.getPeriod().hasEnd() || !c.getPeriod().getEnd().before(now);
        if (started && notEnded) {
            c.setStatus(Coverage.CoverageStatus.ACTIVE);
        }
    }

    /** zib2020 TobaccoUse holds pack years as an integer (zib2017: a Quantity with unit {PackYears}). */
    private static void packYears(Observation o) {
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
            boolean packYears = c.getCode().getCoding().stream()
                    .anyMatch(x -> SNOMED.equals(x.getSystem()) && PACK_YEARS.equals(x.getCode()));
            if (packYears && c.getValue() instanceof org.hl7.fhir.r4.model.Quantity q && q.hasValue()
                    && q.getValue().stripTrailingZeros().scale() <= 0) {
                c.setValue(new org.hl7.fhir.r4.model.IntegerType(q.getValue().intValueExact()));
            }
        }
    }

    /** Adds {@code coding} as a concept of its own unless some concept already has it. */
    private static void category(List<CodeableConcept> concepts, Coding coding) {
        if (!has(concepts, coding)) {
            concepts.add(new CodeableConcept(coding));
        }
    }

    private static boolean has(List<CodeableConcept> concepts, Coding coding) {
        return concepts.stream().flatMap(cc -> cc.getCoding().stream())
                .anyMatch(x -> coding.getSystem().equals(x.getSystem()) && coding.getCode().equals(x.getCode()));
    }
}
