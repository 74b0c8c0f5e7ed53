package nl.zorgbrug.app.registry;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.audit.event.Ura;

/**
 * The node as XDS Document Registry (issue 20; docs/availability.md). Off unless {@code enabled}: then ITI-42 and
 * ITI-18 are served at {@code /services/xds-iti42} and {@code /services/xds-iti18} of the node's web server.
 *
 * @param enabled    serve the registry's SOAP endpoints
 * @param maxResults the most DocumentEntries one stored query returns before it answers XDSTooManyResults
 * @param requesters the consumers' organisations, for the consent asked before an ITI-18 answer shows entries
 */
@ConfigurationProperties("zorgbrug.registry")
public record RegistryProperties(boolean enabled, Integer maxResults, List<Requester> requesters) {

    /**
     * A consumer of the registry as the consent service knows it (issue 20 part 4): the node's user it logs in as
     * (HTTP Basic), the organisation it acts for, by URA, and that organisation's institution type (Mitz's code, e.g.
     * V4 for a hospital). A user not listed here gets no entries: there is nobody to ask consent for.
     */
    public record Requester(String user, String ura, String institutionType) {
        public Requester {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("zorgbrug.registry.requesters[].user is required: the node's user"
                        + " (zorgbrug.users) the consumer logs in as");
            }
            new Ura(ura); // says what a URA must look like, naming the value
            institutionType = institutionType == null || institutionType.isBlank() ? "V4" : institutionType;
        }
    }

    public RegistryProperties {
        requesters = requesters == null ? List.of() : List.copyOf(requesters);
        if (requesters.stream().map(Requester::user).distinct().count() < requesters.size()) {
            throw new IllegalArgumentException("zorgbrug.registry.requesters names a user twice: one organisation per"
                    + " user");
        }
        maxResults = maxResults == null ? 1000 : maxResults;
        if (maxResults < 1) {
            throw new IllegalArgumentException("zorgbrug.registry.max-results must be at least 1, not " + maxResults);
        }
    }
}
