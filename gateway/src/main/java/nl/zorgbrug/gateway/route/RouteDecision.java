package nl.zorgbrug.gateway.route;

import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.edit.Edit;

/** What a route decides for one object: forward (with the edits to apply), hold for a person, or quarantine. */
public sealed interface RouteDecision permits RouteDecision.Forward, RouteDecision.Hold, RouteDecision.Quarantine {

    /** The BSN verdict of the classifier on the object as it came, recorded with the job (null when no classifier ran). */
    Verdict verdict();

    /**
     * The verdict on the object as it leaves, once the edits are applied (issue 15: an export carries the BSN only
     * after the swap); null when nothing leaves or no classifier ran.
     */
    default Verdict verdictSent() {
        return null;
    }

    /** @param verdictSent the verdict of the object with {@code edits} applied */
    record Forward(List<Edit> edits, Verdict verdict, Verdict verdictSent) implements RouteDecision {
        public Forward {
            edits = List.copyOf(edits);
        }

        /** Forward without edits that change the verdict: what leaves is judged as what came. */
        public Forward(List<Edit> edits, Verdict verdict) {
            this(edits, verdict, verdict);
        }
    }

    /** Keep the object and its job HELD until a person looks: {@code code} for machines, messages for people. */
    record Hold(String code, String messageNl, String messageEn, Verdict verdict) implements RouteDecision {
    }

    /** Import that may not be automatic: the object goes to the quarantine worklist for manual reconciliation. */
    record Quarantine(String code, String messageNl, String messageEn, Verdict verdict) implements RouteDecision {
    }
}
