package nl.zorgbrug.gateway.route;

import java.util.Optional;

import nl.zorgbrug.bsn.classify.BsnClassifier;

/** Records the classifier's BSN verdict (for the job and for measurement); never decides by itself. */
public final class Classify implements RouteStep {
    private final BsnClassifier classifier;

    public Classify(BsnClassifier classifier) {
        this.classifier = classifier;
    }

    /** The verdict on a head (the route asks again once its edits are applied: what leaves). */
    public nl.zorgbrug.bsn.classify.Verdict verdictOf(nl.zorgbrug.dicom.data.DataSet header) {
        return classifier.classify(header).verdict();
    }

    @Override
    public Optional<RouteDecision> apply(RouteContext context) {
        context.verdict(classifier.classify(context.header()).verdict());
        return Optional.empty();
    }
}
