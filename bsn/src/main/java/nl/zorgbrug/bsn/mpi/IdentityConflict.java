package nl.zorgbrug.bsn.mpi;

import java.time.Instant;
import java.util.Objects;

/**
 * Why the node will not trust a patient's identity until a person looked at it: the identity feed (the EPD's ADT)
 * gave a BSN another local patient already has, a BSN failing the 11-proof, or demographics that contradict what
 * a study carries. Never resolved silently: the message is accepted, the patient carries this, exports are held.
 * {@code detail} names the field and, masked, the values; never a whole BSN or name.
 */
public record IdentityConflict(Kind kind, String detail, Instant since) {

    public enum Kind {
        /** Another local patient of this issuer already carries the BSN. */
        DUPLICATE_BSN,
        /** The BSN the feed sent fails the 11-proof or is not 9 digits. */
        INVALID_BSN,
        /** Name or birth date contradict what the node holds (a study, the register). */
        DEMOGRAPHICS,
        /** Two patients with different BSNs were merged: one of the numbers is wrong. */
        MERGED_DIFFERENT_BSN
    }

    public IdentityConflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
    }
}
