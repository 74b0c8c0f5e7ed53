package nl.zorgbrug.bsn.swap;

import java.util.List;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.edit.Edit;

/** The outcome of a swap: edits to apply, a refusal with its reason, or a request to register a patient. */
public sealed interface SwapDecision permits SwapDecision.Apply, SwapDecision.Refuse, SwapDecision.RegisterPatient {

    /** Apply these edits (none when the object is already in the wanted form). */
    record Apply(List<Edit> edits) implements SwapDecision {
        public Apply {
            edits = List.copyOf(edits);
        }
    }

    /**
     * Do not pass the object on. {@code detail} says what was found, with identifiers masked.
     */
    record Refuse(ReasonCode reason, String detail) implements SwapDecision {
        public Disposition disposition() {
            return reason.disposition();
        }

        public String messageNl() {
            return reason.messageNl();
        }

        public String messageEn() {
            return reason.messageEn();
        }

        @Override
        public String toString() {
            return disposition() + " " + reason + ": " + reason.messageEn() + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * Policy REGISTER_PENDING and no local patient for the BSN: the caller registers a pending patient with
     * these demographics from the object, then decides again.
     */
    record RegisterPatient(Bsn bsn, String familyName, String givenName, String birthDate, String sex)
            implements SwapDecision {
    }

    static Refuse refuse(ReasonCode reason, String detail) {
        return new Refuse(reason, detail);
    }
}
