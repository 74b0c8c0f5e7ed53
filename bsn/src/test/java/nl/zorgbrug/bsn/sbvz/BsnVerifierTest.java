package nl.zorgbrug.bsn.sbvz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.SbvzVerification;

/** The node marks a BSN verified only on an answer of the register, and stores the answer with its time. */
class BsnVerifierTest {
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final Bsn BSN = Bsn.parse("999911120");
    final FakeSbvz sbvz = new FakeSbvz().register(BSN, "Vries", "F", "19700101");
    final BsnVerifier verifier = new BsnVerifier(sbvz, Clock.fixed(NOW, ZoneOffset.UTC));

    static MpiPatient patient(String family, BsnStatus status) {
        return new MpiPatient("L1", "1.2.3", BSN, status, family, "Ella", "19700101", "F");
    }

    @Test
    void aMatchAddsVerifiedKeepsTheValidationAndRecordsTheAnswerAndTime() {
        MpiPatient ok = verifier.verify(patient("VRIES", BsnStatus.VALIDATED));
        assertThat(ok.bsnStatus()).isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(ok.verification()).isEqualTo(new SbvzVerification(SbvzVerification.Answer.MATCH, NOW));
        assertThat(ok.conflicted()).isFalse();
    }

    @Test
    void aMismatchOrAnUnknownBsnTakesVerifiedAwayAndMarksTheConflict() {
        MpiPatient mismatch = verifier.verify(patient("Jansen", BsnStatus.VERIFIED_AND_VALIDATED));
        assertThat(mismatch.bsnStatus()).isEqualTo(BsnStatus.VALIDATED);
        assertThat(mismatch.conflict().kind()).isEqualTo(IdentityConflict.Kind.DEMOGRAPHICS);

        MpiPatient unknown = verifier.verify(new MpiPatient("L2", "1.2.3", Bsn.parse("999990019"), BsnStatus.VERIFIED,
                "Vries", null, "19700101", "F"));
        assertThat(unknown.bsnStatus()).isEqualTo(BsnStatus.UNCHECKED);
        assertThat(unknown.verification().answer()).isEqualTo(SbvzVerification.Answer.UNKNOWN_BSN);
        assertThat(unknown.conflict().kind()).isEqualTo(IdentityConflict.Kind.INVALID_BSN);
    }

    @Test
    void noAnswerChangesNothing() {
        sbvz.available(false);
        MpiPatient before = patient("Vries", BsnStatus.UNCHECKED);
        assertThatThrownBy(() -> verifier.verify(before)).isInstanceOf(SbvzUnavailableException.class);
        assertThat(before.bsnStatus()).isEqualTo(BsnStatus.UNCHECKED);
        assertThat(before.verification()).isNull();
    }
}
