package nl.zorgbrug.bsn.classify;

import java.util.List;

/** The verdict for one object with the evidence for it. */
public record Classification(Verdict verdict, List<Evidence> evidence) {
    public Classification {
        evidence = List.copyOf(evidence);
    }
}
