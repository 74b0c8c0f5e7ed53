package nl.zorgbrug.bsn.mpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;

/** The BSN status as the Wabvpz defines it: verified (SBV-Z) and validated (identity document) are separate facts. */
class BsnStatusTest {

    @Test
    void sharingNeedsValidatedAndPullingNeedsVerified() {
        assertThat(BsnStatus.VALIDATED.permitsSharing()).isTrue();
        assertThat(BsnStatus.VERIFIED_AND_VALIDATED.permitsSharing()).isTrue();
        assertThat(BsnStatus.VERIFIED.permitsSharing()).as("verified alone may not be shared").isFalse();
        assertThat(BsnStatus.UNCHECKED.permitsSharing()).isFalse();
        assertThat(BsnStatus.NONE.permitsSharing()).isFalse();

        assertThat(BsnStatus.VERIFIED.permitsPulling()).isTrue();
        assertThat(BsnStatus.VERIFIED_AND_VALIDATED.permitsPulling()).isTrue();
        assertThat(BsnStatus.VALIDATED.permitsPulling()).as("an identity document is not a register check").isFalse();
        assertThat(BsnStatus.UNCHECKED.permitsPulling()).isFalse();
    }

    @Test
    void aStatusCarriesBothFactsAndARegisterAnswerKeepsTheValidation() {
        assertThat(BsnStatus.of(true, true)).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(BsnStatus.of(false, false)).isEqualTo(BsnStatus.UNCHECKED);
        assertThat(BsnStatus.VALIDATED.withVerified()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(BsnStatus.UNCHECKED.withVerified()).isEqualTo(BsnStatus.VERIFIED);
        for (BsnStatus s : BsnStatus.values()) {
            if (s != BsnStatus.NONE) {
                assertThat(BsnStatus.of(s.verified(), s.validated())).isEqualTo(s);
            }
        }
    }

    @Test
    void aBsnFromAnotherInstitutionIsAtMostVerified() {
        assertThat(BsnStatus.receivedFromAnotherInstitution().verified()).isTrue();
        assertThat(BsnStatus.receivedFromAnotherInstitution().validated()).isFalse();
    }

    @Test
    void theCsvSpellingsRoundTrip() {
        for (BsnStatus s : BsnStatus.values()) {
            assertThat(BsnStatus.parse(s.csv())).isEqualTo(s);
        }
        assertThat(BsnStatus.parse(" Verified + Validated ")).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(BsnStatus.parse("validated+verified")).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(BsnStatus.parse("")).isEqualTo(BsnStatus.NONE);
        assertThat(BsnStatus.parse("geverifieerd")).isNull();
        assertThat(BsnStatus.spellings()).isEqualTo("none, unchecked, verified, validated, verified+validated");
    }

    @Test
    void aStatusWithoutABsnIsRefusedAndAKnownBsnIsNeverNone() {
        assertThatThrownBy(() -> new MpiPatient("L1", "1.2.3", null, BsnStatus.VALIDATED, "Vries", null, null, null))
                .hasMessageContaining("validated without a BSN");
        assertThat(new MpiPatient("L1", "1.2.3", Bsn.parse("999911120"), BsnStatus.NONE, "Vries", null, null, null)
                .bsnStatus()).isEqualTo(BsnStatus.UNCHECKED);
    }
}
