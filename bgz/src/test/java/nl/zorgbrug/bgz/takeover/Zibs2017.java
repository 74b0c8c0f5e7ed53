package nl.zorgbrug.bgz.takeover;

import java.math.BigDecimal;
import java.util.Map;

import nl.zorgbrug.audit.consent.DataCategory;
import org.hl7.fhir.dstu3.model.AllergyIntolerance;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.DateTimeType;
import org.hl7.fhir.dstu3.model.Device;
import org.hl7.fhir.dstu3.model.DeviceUseStatement;
import org.hl7.fhir.dstu3.model.Immunization;
import org.hl7.fhir.dstu3.model.Medication;
import org.hl7.fhir.dstu3.model.MedicationStatement;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.Procedure;
import org.hl7.fhir.dstu3.model.Quantity;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;

/** Small zib2017 resources for the reconciliation tests, each built as its profile has it. */
final class Zibs2017 {
    static final String SNOMED = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";
    static final String ZIB = "http://nictiz.nl/fhir/StructureDefinition/";

    private Zibs2017() {
    }

    static CodeableConcept concept(String system, String code) {
        return new CodeableConcept().addCoding(new Coding(system, code, code));
    }

    static Procedure procedure(String id, String snomed, String performed) {
        Procedure p = new Procedure();
        p.setId(id);
        p.getMeta().addProfile(ZIB + "zib-Procedure");
        p.setStatus(Procedure.ProcedureStatus.COMPLETED);
        p.setCode(concept(SNOMED, snomed));
        p.setSubject(new Reference("Patient/p"));
        p.setPerformed(new DateTimeType(performed));
        return p;
    }

    static Immunization vaccination(String id, String code, String date) {
        Immunization i = new Immunization();
        i.setId(id);
        i.getMeta().addProfile(ZIB + "zib-Vaccination");
        i.setStatus(Immunization.ImmunizationStatus.COMPLETED);
        i.setVaccineCode(concept("urn:oid:2.16.840.1.113883.2.4.4.7", code));
        i.setPatient(new Reference("Patient/p"));
        i.setDateElement(new DateTimeType(date));
        return i;
    }

    static Observation observation(String id, String profile, CodeableConcept code, String when,
                                   org.hl7.fhir.dstu3.model.Type value) {
        Observation o = new Observation();
        o.setId(id);
        o.getMeta().addProfile(ZIB + profile);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(code);
        o.setSubject(new Reference("Patient/p"));
        o.setEffective(new DateTimeType(when));
        o.setValue(value);
        return o;
    }

    static Observation lab(String id, String loinc, String when, String value) {
        Observation o = observation(id, "zib-LaboratoryTestResult-Observation", concept(LOINC, loinc), when,
                new Quantity().setValue(new BigDecimal(value)).setUnit("mmol/L").setCode("mmol/L"));
        o.addCategory(concept(SNOMED, "49581000146104"));
        return o;
    }

    static Observation weight(String id, String when, String kg) {
        return observation(id, "zib-BodyWeight", concept(LOINC, "29463-7"), when,
                new Quantity().setValue(new BigDecimal(kg)).setUnit("kg").setCode("kg"));
    }

    static Observation tobacco(String id, String snomedValue) {
        return observation(id, "zib-TobaccoUse", concept(SNOMED, "365980008"), "2020-01-01",
                concept(SNOMED, snomedValue));
    }

    static AllergyIntolerance allergy(String id, String substance) {
        AllergyIntolerance a = new AllergyIntolerance();
        a.setId(id);
        a.getMeta().addProfile(ZIB + "zib-AllergyIntolerance");
        a.setCode(concept(SNOMED, substance));
        a.setPatient(new Reference("Patient/p"));
        return a;
    }

    static Device device(String id, String udi, String serial) {
        Device d = new Device();
        d.setId(id);
        d.getMeta().addProfile(ZIB + "zib-MedicalDeviceProduct");
        if (udi != null) {
            d.getUdi().setCarrierHRF(udi);
        }
        if (serial != null) {
            d.addIdentifier().setSystem("urn:oid:1.2.3.4.serial").setValue(serial);
        }
        return d;
    }

    static DeviceUseStatement deviceUse(String id, String deviceId) {
        DeviceUseStatement s = new DeviceUseStatement();
        s.setId(id);
        s.getMeta().addProfile(ZIB + "zib-MedicalDevice");
        s.setSubject(new Reference("Patient/p"));
        s.setDevice(new Reference("Device/" + deviceId));
        return s;
    }

    static Medication medication(String id, String gstandard) {
        Medication m = new Medication();
        m.setId(id);
        m.getMeta().addProfile(ZIB + "zib-Product");
        m.setCode(concept("urn:oid:2.16.840.1.113883.2.4.4.7", gstandard));
        return m;
    }

    static MedicationStatement use(String id, String medicationId) {
        MedicationStatement s = new MedicationStatement();
        s.setId(id);
        s.getMeta().addProfile(ZIB + "zib-MedicationUse");
        s.setSubject(new Reference("Patient/p"));
        s.setMedication(new Reference("Medication/" + medicationId));
        return s;
    }

    /** A zib as reconciliation sees it, referencing resources from {@code others}. */
    static Zib zib(DataCategory category, Resource r, String source, Map<String, Resource> others) {
        return new Zib(r.fhirType() + "/" + r.getIdElement().getIdPart(), category, r, source,
                ref -> others.get(ref.getReference()));
    }

    static Zib zib(DataCategory category, Resource r, String source) {
        return zib(category, r, source, Map.of());
    }
}
