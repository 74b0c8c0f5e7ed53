package nl.zorgbrug.gateway.route;

import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.edit.Edit;

/** What a route decides for one object: forward (with the edits to apply), hold for a person, or quarantine. */
public sealed interface RouteDecision permits RouteDecision.Forward, RouteDecision.Hold, RouteDecision.Quarantine {

    /** The BSN verdict of the classifier, recorded with the job (null when no classifier ran). */
    Verdict verdict();

    record Forward(List<Edit> edits, Verdict verdict) implements RouteDecision {
        public Forward {
            edits = List.copyOf(edits);
        }
    }

    /** Keep the object and its job HELD until a person looks: {@code code} for machines, messages for people. */
    record Hold(String code, String messageNl, String messageEn, Verdict verdict) implements RouteDecision {
    }

    /** Import that may not be automatic: the object goes to the quarantine worklist for manual reconciliation. */
    record Quarantine(String code, String messageNl, String messageEn, Verdict verdict) implements RouteDecision {
    }
}
