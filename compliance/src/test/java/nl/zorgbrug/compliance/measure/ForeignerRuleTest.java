package nl.zorgbrug.compliance.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.identity.IdSource;
import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;

class ForeignerRuleTest {
    static final String LOCAL = "2.16.528.1.1007.99.1";
    static final String TEMPORARY = "2.16.528.1.1007.99.9";
    static final String PASSPORT = "1.0.3166.1.2.2.DE";
    private final ForeignerRule rule = new ForeignerRule(Set.of(TEMPORARY), Set.of(LOCAL));

    private static PatientIdentity identity(String id, String issuer, PatientId... others) {
        return new PatientIdentity(new PatientId(id, issuer, null, null, null, IdSource.PATIENT_ID, 0), List.of(others),
                List.of(), "Müller^Hans", "19700101", "M", "20261201");
    }

    private static PatientId other(String id, String issuer) {
        return new PatientId(id, issuer, null, null, null, IdSource.OTHER_PATIENT_IDS_SEQUENCE, 0);
    }

    private static Optional<MpiPatient> mpi(String bsn) {
        return Optional.of(new MpiPatient("PAT-7", LOCAL, bsn == null ? null : Bsn.parse(bsn),
                bsn == null ? BsnStatus.NONE : BsnStatus.VALIDATED, "Müller", "Hans", "19700101", "M"));
    }

    @Test
    void aConfiguredIssuerMakesAPatientWithoutBsnAForeigner() {
        assertThat(rule.applies(Verdict.NO_BSN, identity("T-123", TEMPORARY), Optional.empty())).isTrue();
        assertThat(rule.applies(Verdict.NO_BSN, identity("PAT-7", LOCAL, other("T-123", TEMPORARY)), Optional.empty()))
                .isTrue();
    }

    @Test
    void theMpiWithoutBsnAndAForeignIdentifierMakeAForeigner() {
        assertThat(rule.applies(Verdict.NO_BSN, identity("PAT-7", LOCAL, other("C01X00T47", PASSPORT)), mpi(null)))
                .isTrue();
        assertThat(rule.applies(Verdict.NO_BSN, identity("PAT-7", LOCAL, other("C01X00T47", PASSPORT)),
                mpi("999911120"))).as("the MPI knows a BSN: missing is an error").isFalse();
        assertThat(rule.applies(Verdict.NO_BSN, identity("PAT-7", LOCAL), mpi(null)))
                .as("no foreign or temporary identifier").isFalse();
        assertThat(rule.applies(Verdict.NO_BSN, identity("PAT-7", LOCAL, other("C01X00T47", PASSPORT)),
                Optional.empty())).as("the MPI does not know the patient").isFalse();
    }

    @Test
    void aMisplacedBsnIsNeverAForeigner() {
        assertThat(rule.applies(Verdict.BSN_WITHOUT_ISSUER, identity("T-123", TEMPORARY), Optional.empty())).isFalse();
        assertThat(rule.applies(Verdict.WRONG_ISSUER, identity("T-123", TEMPORARY), mpi(null))).isFalse();
    }
}
