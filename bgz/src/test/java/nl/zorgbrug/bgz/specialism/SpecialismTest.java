package nl.zorgbrug.bgz.specialism;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The AGB specialism code list a referral is addressed by (Vektis COD016-VEKT, group 03 "Medisch specialisten"). */
class SpecialismTest {

    @Test
    void codesAreFoundByTheirAgbCodeAndNothingElseIs() {
        assertThat(Specialism.byCode("0320")).contains(Specialism.CARDIOLOGY);
        assertThat(Specialism.byCode(" 0313 ")).contains(Specialism.INTERNAL_MEDICINE);
        assertThat(Specialism.byCode("0335")).contains(Specialism.GERIATRICS);
        assertThat(Specialism.byCode("320")).as("the code has four digits").isEmpty();
        assertThat(Specialism.byCode("0300")).as("'niet nader gespecificeerd' names no department").isEmpty();
        assertThat(Specialism.byCode("0101")).as("a general practitioner is no medical specialism").isEmpty();
        assertThat(Specialism.byCode(null)).isEmpty();
        assertThat(Specialism.CARDIOLOGY.label("nl")).isEqualTo("Cardiologie");
        assertThat(Specialism.CARDIOLOGY.label("en")).isEqualTo("Cardiology");
        assertThat(Specialism.SYSTEM).isEqualTo("urn:oid:2.16.840.1.113883.2.4.6.7");
    }

    @Test
    void everyCodeIsAMedicalSpecialismOfTheTableOnceWithBothNames() {
        Set<String> codes = new HashSet<>();
        for (Specialism s : Specialism.values()) {
            assertThat(s.code()).as(s.name()).matches("03\\d\\d").isNotEqualTo("0300");
            assertThat(codes.add(s.code())).as("%s once", s.code()).isTrue();
            assertThat(s.dutch()).as(s.name()).isNotBlank();
            assertThat(s.english()).as(s.name()).isNotBlank();
            assertThat(Specialism.byCode(s.code())).contains(s);
        }
        assertThat(Specialism.codes().split(", ")).containsExactlyElementsOf(Arrays.stream(Specialism.values())
                .map(Specialism::code).toList());
    }
}
