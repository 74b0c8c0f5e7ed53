package nl.zorgbrug.gateway.route;

import java.util.List;
import java.util.Set;

import nl.zorgbrug.gateway.job.Direction;

/**
 * A route as an administrator configures it, before it is checked and given its steps by {@link RouteTable}.
 * The node maps its settings onto these; tests write them directly.
 *
 * @param destination address-book key of where objects go (for import: our own PACS)
 * @param urgent      emergency mode: forward each object as soon as it is spooled
 * @param rules       destinations chosen by the object; the first that matches wins, else {@code destination}
 * @param assumeLocalIssuerFrom export routes: calling AE titles whose Patient IDs without an issuer are taken as the
 *                    hospital's own (a PACS that leaves (0010,0021) empty); from any other caller such objects are held
 */
public record RouteDefinition(String name, String calledAeTitle, Direction direction, String destination,
                              boolean urgent, List<Rule> rules, Set<String> assumeLocalIssuerFrom) {

    public RouteDefinition {
        rules = rules == null ? List.of() : List.copyOf(rules);
        assumeLocalIssuerFrom = assumeLocalIssuerFrom == null ? Set.of() : Set.copyOf(assumeLocalIssuerFrom);
    }

    /** A route that assumes no issuer for anyone. */
    public RouteDefinition(String name, String calledAeTitle, Direction direction, String destination, boolean urgent,
                           List<Rule> rules) {
        this(name, calledAeTitle, direction, destination, urgent, rules, Set.of());
    }

    /**
     * A destination rule as written: objects whose {@code attribute} (a DICOM keyword or (gggg,eeee)) matches
     * the regular expression {@code matches} as a whole go to {@code destination}. Checked by {@link DestinationRule#of}.
     */
    public record Rule(String attribute, String matches, String destination) {
    }
}
