package nl.zorgbrug.bsn.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;

/** Wabvpz: requesting data from another provider needs at least a verified BSN. */
class PullPermissionTest {
    static MpiPatient patient(BsnStatus status) {
        return new MpiPatient("L1", "1.2.3", status == BsnStatus.NONE ? null : Bsn.parse("999911120"), status,
                "Vries", "Ella", "19700101", "F");
    }

    @Test
    void aPullNeedsAVerifiedBsnAndNoConflict() {
        assertThat(PullPermission.check(patient(BsnStatus.VERIFIED))).isEmpty();
        assertThat(PullPermission.check(patient(BsnStatus.VERIFIED_AND_VALIDATED))).isEmpty();
        assertThat(PullPermission.check(patient(BsnStatus.VALIDATED))).contains(PullPermission.Refusal.BSN_NOT_VERIFIED);
        assertThat(PullPermission.check(patient(BsnStatus.UNCHECKED))).contains(PullPermission.Refusal.BSN_NOT_VERIFIED);
        assertThat(PullPermission.check(patient(BsnStatus.NONE))).contains(PullPermission.Refusal.NO_BSN);
        assertThat(PullPermission.check(patient(BsnStatus.VERIFIED).withConflict(new IdentityConflict(
                IdentityConflict.Kind.DUPLICATE_BSN, "PID-3", Instant.EPOCH))))
                .contains(PullPermission.Refusal.IDENTITY_CONFLICT);
    }
}
