package nl.zorgbrug.bgz.takeover;

import static nl.zorgbrug.bgz.takeover.Zibs2017.zib;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;

import nl.zorgbrug.audit.consent.DataCategory;
import org.hl7.fhir.dstu3.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Each line of the FO BgZ MSZ table of suspected duplicates, one rule per class: what makes two zibs the same fact,
 * and what keeps them apart (another code, another day, another source, another product).
 */
class SuspectedDuplicateRulesTest {

    private static boolean same(SuspectedDuplicateRule rule, Zib a, Zib b) {
        return !rule.keys(a).isEmpty() && !Collections.disjoint(rule.keys(a), rule.keys(b));
    }

    @Test
    void proceduresBySnomedCodeAndDay() {
        var rule = new ProcedureByCodeAndDate();
        Zib a = zib(DataCategory.PROCEDURE, Zibs2017.procedure("a", "80146002", "2021-05-04T10:00:00+02:00"), "A");
        Zib sameDay = zib(DataCategory.PROCEDURE, Zibs2017.procedure("b", "80146002", "2021-05-04T15:30:00+02:00"), "B");
        Zib otherDay = zib(DataCategory.PROCEDURE, Zibs2017.procedure("c", "80146002", "2021-05-05"), "B");
        Zib otherCode = zib(DataCategory.PROCEDURE, Zibs2017.procedure("d", "38102005", "2021-05-04"), "B");
        assertThat(same(rule, a, sameDay)).isTrue();
        assertThat(same(rule, a, otherDay)).isFalse();
        assertThat(same(rule, a, otherCode)).isFalse();
        assertThat(rule.keys(zib(DataCategory.VACCINATION, Zibs2017.vaccination("v", "J07BB", "2021-05-04"), "A")))
                .as("not a procedure").isEmpty();
    }

    @Test
    void vaccinationsByCodeAndDay() {
        var rule = new VaccinationByCodeAndDate();
        Zib a = zib(DataCategory.VACCINATION, Zibs2017.vaccination("a", "J07BB02", "2020-10-12"), "A");
        assertThat(same(rule, a, zib(DataCategory.VACCINATION, Zibs2017.vaccination("b", "J07BB02", "2020-10-12"),
                "B"))).isTrue();
        assertThat(same(rule, a, zib(DataCategory.VACCINATION, Zibs2017.vaccination("c", "J07BB02", "2021-10-12"),
                "B"))).as("the next year's dose").isFalse();
        assertThat(same(rule, a, zib(DataCategory.VACCINATION, Zibs2017.vaccination("d", "J07AL02", "2020-10-12"),
                "B"))).isFalse();
    }

    @Test
    void devicesByUdiOrSerialOfTheProductBehindTheStatement() {
        var rule = new DeviceByUdiOrSerial();
        Map<String, Resource> products = Map.of("Device/d1", Zibs2017.device("d1", "(01)08717648200274", null),
                "Device/d2", Zibs2017.device("d2", "(01)08717648200274", "SN-1"),
                "Device/d3", Zibs2017.device("d3", null, "SN-1"), "Device/d4", Zibs2017.device("d4", null, "SN-2"));
        Zib byUdi = zib(DataCategory.MEDICAL_DEVICE, Zibs2017.deviceUse("u1", "d1"), "A", products);
        Zib udiAndSerial = zib(DataCategory.MEDICAL_DEVICE, Zibs2017.deviceUse("u2", "d2"), "B", products);
        Zib bySerial = zib(DataCategory.MEDICAL_DEVICE, Zibs2017.deviceUse("u3", "d3"), "B", products);
        Zib other = zib(DataCategory.MEDICAL_DEVICE, Zibs2017.deviceUse("u4", "d4"), "B", products);
        assertThat(same(rule, byUdi, udiAndSerial)).as("same UDI").isTrue();
        assertThat(same(rule, bySerial, udiAndSerial)).as("same serial").isTrue();
        assertThat(same(rule, byUdi, other)).isFalse();
        assertThat(rule.keys(zib(DataCategory.MEDICAL_DEVICE, Zibs2017.deviceUse("u5", "missing"), "A", products)))
                .as("the product is not at hand").isEmpty();
    }

    @Test
    void labResultsByTestCodeAndDateTimeFromTheSameSourceOnly() {
        var rule = new LabResultByCodeTimeAndSource();
        Zib a = zib(DataCategory.LABORATORY_TEST_RESULT, Zibs2017.lab("a", "14749-6", "2022-01-02T08:15:00+01:00",
                "5.4"), "90000001");
        Zib sameMomentOtherOffset = zib(DataCategory.LABORATORY_TEST_RESULT, Zibs2017.lab("b", "14749-6",
                "2022-01-02T07:15:00Z", "5.4"), "90000001");
        Zib otherSource = zib(DataCategory.LABORATORY_TEST_RESULT, Zibs2017.lab("c", "14749-6",
                "2022-01-02T08:15:00+01:00", "5.4"), "90000002");
        Zib otherTime = zib(DataCategory.LABORATORY_TEST_RESULT, Zibs2017.lab("d", "14749-6",
                "2022-01-02T09:15:00+01:00", "5.4"), "90000001");
        assertThat(same(rule, a, sameMomentOtherOffset)).isTrue();
        assertThat(same(rule, a, otherSource)).as("another laboratory's determination").isFalse();
        assertThat(same(rule, a, otherTime)).isFalse();
    }

    @Test
    void vitalSignsByCodeAndDateTime() {
        var rule = new VitalSignByCodeAndTime();
        Zib a = zib(DataCategory.BODY_WEIGHT, Zibs2017.weight("a", "2022-03-01T09:00:00+01:00", "81.0"), "A");
        assertThat(same(rule, a, zib(DataCategory.BODY_WEIGHT, Zibs2017.weight("b", "2022-03-01T09:00:00+01:00",
                "81"), "B"))).isTrue();
        assertThat(same(rule, a, zib(DataCategory.BODY_WEIGHT, Zibs2017.weight("c", "2022-03-02T09:00:00+01:00",
                "81"), "B"))).isFalse();
        assertThat(rule.keys(zib(DataCategory.LABORATORY_TEST_RESULT, Zibs2017.lab("l", "29463-7",
                "2022-03-01T09:00:00+01:00", "1"), "A"))).as("a lab result is no vital sign").isEmpty();
    }

    @Test
    void allergiesByCausativeSubstance() {
        var rule = new AllergyBySubstance();
        Zib a = zib(DataCategory.ALLERGY_INTOLERANCE, Zibs2017.allergy("a", "91936005"), "A");
        assertThat(same(rule, a, zib(DataCategory.ALLERGY_INTOLERANCE, Zibs2017.allergy("b", "91936005"), "B")))
                .isTrue();
        assertThat(same(rule, a, zib(DataCategory.ALLERGY_INTOLERANCE, Zibs2017.allergy("c", "300916003"), "B")))
                .isFalse();
    }

    @Test
    void medicationByProductWithinOneZib() {
        var rule = new MedicationByProduct();
        Map<String, Resource> products = Map.of("Medication/m1", Zibs2017.medication("m1", "2355"),
                "Medication/m2", Zibs2017.medication("m2", "2355"), "Medication/m3", Zibs2017.medication("m3", "9999"));
        Zib a = zib(DataCategory.MEDICATION_USE, Zibs2017.use("a", "m1"), "A", products);
        assertThat(same(rule, a, zib(DataCategory.MEDICATION_USE, Zibs2017.use("b", "m2"), "B", products))).isTrue();
        assertThat(same(rule, a, zib(DataCategory.MEDICATION_USE, Zibs2017.use("c", "m3"), "B", products)))
                .isFalse();
    }

    @Test
    void theCurrentStateZibsAreOneFactPerZib() {
        var rule = new StateByZib();
        Zib smokes = zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("a", "77176002"), "A");
        Zib doesNot = zib(DataCategory.TOBACCO_USE, Zibs2017.tobacco("b", "8392000"), "B");
        assertThat(same(rule, smokes, doesNot)).isTrue();
        assertThat(rule.keys(zib(DataCategory.ALLERGY_INTOLERANCE, Zibs2017.allergy("c", "1"), "A"))).isEmpty();
    }
}
