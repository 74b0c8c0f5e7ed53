package nl.zorgbrug.bsn;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BsnPropertiesTest {

    @Provide
    Arbitrary<String> nineDigits() {
        return Arbitraries.strings().numeric().ofLength(9);
    }

    /** The 11-proof as its definition states it, written independently of Bsn. */
    static boolean elevenProof(String d) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (d.charAt(i) - '0');
        }
        sum -= d.charAt(8) - '0';
        return sum % 11 == 0 && !d.equals("000000000");
    }

    @Property
    void acceptedExactlyWhenTheElevenProofHolds(@ForAll("nineDigits") String digits) {
        assertThat(Bsn.isValid(digits)).isEqualTo(elevenProof(digits));
        assertThat(Bsn.fromHeaderValue(digits).isPresent()).isEqualTo(elevenProof(digits));
    }

    @Provide
    Arbitrary<String> validBsns() {
        return TestHeaders.validBsns();
    }

    @Property
    void generatedBsnsAreValid(@ForAll("validBsns") String bsn) {
        assertThat(elevenProof(bsn)).isTrue();
        assertThat(Bsn.parse(bsn).value()).isEqualTo(bsn);
    }

    @Property
    void changingOneDigitBreaksTheProof(@ForAll("validBsns") String digits, @ForAll("position") int pos,
                                        @ForAll("delta") int delta) {
        char[] c = digits.toCharArray();
        c[pos] = (char) ('0' + (c[pos] - '0' + delta) % 10);
        assertThat(Bsn.isValid(new String(c))).isFalse();
    }

    @Provide
    Arbitrary<Integer> position() {
        return Arbitraries.integers().between(0, 8);
    }

    @Provide
    Arbitrary<Integer> delta() {
        return Arbitraries.integers().between(1, 9);
    }

    @Property
    void toStringNeverShowsTheWholeNumber(@ForAll("nineDigits") String digits) {
        Bsn.tryParse(digits).ifPresent(bsn -> {
            assertThat(bsn.toString()).doesNotContain(digits).endsWith(digits.substring(5));
            assertThat(bsn.value()).isEqualTo(digits);
        });
    }
}
