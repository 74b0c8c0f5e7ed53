package nl.zorgbrug.bgz.request;

import nl.zorgbrug.bsn.mpi.PullPermission;

/**
 * The BgZ may not be requested for this patient (Wabvpz: requesting data from another provider needs at least a
 * verified BSN, and no identity conflict): nothing was sent; the refusal is in the audit trail.
 */
public final class PullRefusedException extends RuntimeException {
    private final transient PullPermission.Refusal refusal;

    public PullRefusedException(PullPermission.Refusal refusal) {
        super("the BgZ is not requested: " + refusal.messageEn());
        this.refusal = refusal;
    }

    public PullPermission.Refusal refusal() {
        return refusal;
    }
}
