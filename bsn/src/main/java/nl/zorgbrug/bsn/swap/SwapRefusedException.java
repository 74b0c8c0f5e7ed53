package nl.zorgbrug.bsn.swap;

import java.util.List;
import java.util.function.Function;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * Carries a refusal out of a {@link nl.zorgbrug.dicom.edit.StreamingEditor} planner, so the editor abandons
 * (and deletes) its partial output. The message holds only masked identifiers.
 */
public final class SwapRefusedException extends RuntimeException {
    private final SwapDecision.Refuse decision;

    public SwapRefusedException(SwapDecision.Refuse decision) {
        super(decision.toString(), null, false, false);
        this.decision = decision;
    }

    public SwapDecision.Refuse decision() {
        return decision;
    }

    /**
     * A planner for the streaming editor (files or network streams): the edits of an Apply decision, a
     * {@link SwapRefusedException} for a refusal.
     */
    public static Function<DataSet, List<Edit>> planner(Function<DataSet, SwapDecision> decide) {
        return head -> {
            SwapDecision d = decide.apply(head);
            if (d instanceof SwapDecision.Apply a) {
                return a.edits();
            }
            if (d instanceof SwapDecision.Refuse r) {
                throw new SwapRefusedException(r);
            }
            throw new IllegalStateException("the import asked to register a pending patient; run it through "
                    + Importer.class.getSimpleName() + ", which registers the patient and decides again");
        };
    }
}
