package nl.zorgbrug.bsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BsnTest {

    @Test
    void acceptsNineDigitsPassingTheElevenProof() {
        assertThat(Bsn.parse("999911120").value()).isEqualTo("999911120");
        assertThat(Bsn.parse("999990019").value()).isEqualTo("999990019");
    }

    @Test
    void stripsSpacesAndDots() {
        assertThat(Bsn.parse(" 9999.11.120 ").value()).isEqualTo("999911120");
        assertThat(Bsn.parse("9999 11 120").value()).isEqualTo("999911120");
    }

    @Test
    void restoresTheLeadingZeroOfEightDigits() {
        // 012345672: 9·0+8·1+7·2+6·3+5·4+4·5+3·6+2·7 = 112, 112 − 2 = 110 = 10·11.
        assertThat(Bsn.parse("12345672").value()).isEqualTo("012345672");
    }

    @Test
    void rejectsAValueFailingTheElevenProofWithoutShowingIt() {
        assertThatThrownBy(() -> Bsn.parse("999911121"))
                .isInstanceOf(InvalidBsnException.class)
                .hasMessageContaining("11-proof")
                .hasMessageContaining("*****1121")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("999911121"));
    }

    @Test
    void rejectsAllZerosWrongLengthsAndOtherCharacters() {
        assertThat(Bsn.isValid("000000000")).isFalse();
        assertThat(Bsn.isValid("00000000")).isFalse();
        assertThat(Bsn.isValid("9999111200")).isFalse();
        assertThat(Bsn.isValid("9999111")).isFalse();
        assertThat(Bsn.isValid("99991112O")).isFalse();
        assertThat(Bsn.isValid("999-911-120")).isFalse();
        assertThat(Bsn.isValid(null)).isFalse();
        assertThatThrownBy(() -> Bsn.parse("ABC")).isInstanceOf(InvalidBsnException.class).hasMessageContaining("9 digits");
    }

    @Test
    void headerValuesMustBeExactlyNineDigits() {
        assertThat(Bsn.fromHeaderValue("999911120")).isPresent();
        assertThat(Bsn.fromHeaderValue("12345672")).isEmpty();
        assertThat(Bsn.fromHeaderValue("9999.11.120")).isEmpty();
        assertThat(Bsn.fromHeaderValue("999911121")).isEmpty();
    }

    @Test
    void toStringMasksAllButTheLastFourDigits() {
        Bsn bsn = Bsn.parse("999911120");
        assertThat(bsn.toString()).isEqualTo("*****1120").doesNotContain("99991");
        assertThat(bsn.masked()).isEqualTo("*****1120");
        assertThat(String.valueOf(java.util.List.of(bsn))).doesNotContain("999911120");
    }

    @Test
    void equalityIsByValue() {
        assertThat(Bsn.parse("999911120")).isEqualTo(Bsn.parse("9999.11.120"))
                .hasSameHashCodeAs(Bsn.parse("999911120")).isNotEqualTo(Bsn.parse("999990019"));
    }
}
