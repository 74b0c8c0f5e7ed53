package nl.zorgbrug.gateway.route;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.charset.UnknownCharacterSetException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.gateway.job.Direction;

/**
 * A route: where objects received on one AE title go, in which direction, through which steps.
 * The steps run in order; the first that decides ends the route; when none does, the object is
 * forwarded with the edits the steps collected.
 *
 * @param destination address-book key of where objects go (for import: our own PACS); with rules, where
 *                    objects go that match none
 * @param urgent      emergency mode: forward each object as soon as it is spooled
 * @param rules       destinations chosen by the object; the first rule that matches wins
 */
public record Route(String name, String calledAeTitle, Direction direction, String destination, boolean urgent,
                    List<RouteStep> steps, List<DestinationRule> rules) {

    public Route {
        steps = List.copyOf(steps);
        rules = List.copyOf(rules);
    }

    /** A route whose destination is chosen by its called AE title alone. */
    public Route(String name, String calledAeTitle, Direction direction, String destination, boolean urgent,
                 List<RouteStep> steps) {
        this(name, calledAeTitle, direction, destination, urgent, steps, List.of());
    }

    /** Where this object goes: the first rule that matches its head, else the route's destination. */
    public String destinationFor(DataSet head) {
        for (DestinationRule rule : rules) {
            if (rule.matches(head)) {
                return rule.destination();
            }
        }
        return destination;
    }

    /** Every destination this route can send to: its own and those of its rules. */
    public java.util.Set<String> destinations() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        all.add(destination);
        rules.forEach(r -> all.add(r.destination()));
        return all;
    }

    /**
     * Lets the steps decide on one object.
     *
     * @param callingAeTitle who sent it (the calling AE title, kept in the spooled file's (0002,0016)); a step may
     *                       decide by it (an export swap that assumes the local issuer for named callers); null
     *                       when not known, which no such step trusts
     */
    public RouteDecision decide(DataSet header, String callingAeTitle, Instant now) {
        RouteContext context = new RouteContext(header, callingAeTitle, now);
        for (RouteStep step : steps) {
            Optional<RouteDecision> decision;
            try {
                decision = step.apply(context);
            } catch (UnknownCharacterSetException e) {
                // The step had to write text in a character set the object does not name properly: exactly the
                // edit a step asked to hold for (CharsetCheck), never a failure of the object's intake.
                if (context.holdForEditing().isPresent()) {
                    return context.holdForEditing().get();
                }
                throw e;
            }
            if (decision.isPresent()) {
                // A step's hold on text the character set did not let it read right (a name that "differs" from
                // the MPI's because its bytes were decoded in the wrong set) is told by its cause.
                return decision.get() instanceof RouteDecision.Hold && context.holdForEditing().isPresent()
                        ? context.holdForEditing().get() : decision.get();
            }
            if (!context.edits().isEmpty() && context.holdForEditing().isPresent()) {
                return context.holdForEditing().get();
            }
        }
        return new RouteDecision.Forward(context.edits(), context.verdict(), verdictSent(header, context));
    }

    /**
     * The classifier's verdict on the object as it will leave: the head with the edits applied, judged by the
     * route's {@link Classify} step (issue 15: an export's verdict as it came is NO_BSN on every correct export,
     * because our PACS does not carry the BSN; what the other side gets is measured here).
     */
    private Verdict verdictSent(DataSet header, RouteContext context) {
        List<Edit> edits = context.edits();
        if (context.verdict() == null || edits.isEmpty()) {
            return context.verdict();
        }
        for (RouteStep step : steps) {
            if (step instanceof Classify classify) {
                DataSet leaving = header.copy();
                StreamingEditor.apply(leaving, edits);
                return classify.verdictOf(leaving);
            }
        }
        return context.verdict();
    }
}
