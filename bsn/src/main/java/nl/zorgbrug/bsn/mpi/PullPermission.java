package nl.zorgbrug.bsn.mpi;

import java.util.Optional;

/**
 * Whether the node may request or pull data from another provider for a patient (a C-MOVE or C-GET to another
 * institution; later the BgZ request and the image index query). Wabvpz: only with at least a verified BSN — the
 * number checked against the BSN register — and never for a patient whose identity is in conflict.
 * Sharing (export) has the stricter rule, validated, in {@code ExportSwap}.
 */
public final class PullPermission {

    /** Why a pull is refused, in Dutch and English for the person who asked. */
    public enum Refusal {
        NO_BSN("Voor deze patiënt is geen BSN bekend.", "No BSN is known for this patient."),
        BSN_NOT_VERIFIED("Het BSN is niet geverifieerd bij het BSN-register (SBV-Z); de Wabvpz staat opvragen bij een"
                + " andere zorgaanbieder pas toe met een geverifieerd BSN.",
                "The BSN has not been verified against the BSN register (SBV-Z); the Wabvpz allows requesting data from"
                + " another provider only with a verified BSN."),
        IDENTITY_CONFLICT("De identiteit van deze patiënt is in conflict; los dat eerst op in de MPI.",
                "This patient's identity is in conflict; resolve that in the MPI first.");

        private final String messageNl;
        private final String messageEn;

        Refusal(String messageNl, String messageEn) {
            this.messageNl = messageNl;
            this.messageEn = messageEn;
        }

        public String messageNl() {
            return messageNl;
        }

        public String messageEn() {
            return messageEn;
        }
    }

    private PullPermission() {
    }

    /** Empty when the pull is allowed, else why not. */
    public static Optional<Refusal> check(MpiPatient patient) {
        if (patient.bsn() == null) {
            return Optional.of(Refusal.NO_BSN);
        }
        if (patient.conflicted()) {
            return Optional.of(Refusal.IDENTITY_CONFLICT);
        }
        return patient.bsnStatus().permitsPulling() ? Optional.empty() : Optional.of(Refusal.BSN_NOT_VERIFIED);
    }
}
