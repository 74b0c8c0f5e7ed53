package nl.zorgbrug.gateway.route;

import java.util.Optional;

import nl.zorgbrug.bsn.classify.BsnClassifier;

/** Records the classifier's BSN verdict (for the job and for measurement); never decides by itself. */
public final class Classify implements RouteStep {
    private final BsnClassifier classifier;

    public Classify(BsnClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public Optional<RouteDecision> apply(RouteContext context) {
        context.verdict(classifier.classify(context.header()).verdict());
        return Optional.empty();
    }
}
