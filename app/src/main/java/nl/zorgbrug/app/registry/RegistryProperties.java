package nl.zorgbrug.app.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The node as XDS Document Registry (issue 20; docs/availability.md). Off unless {@code enabled}: then ITI-42 and
 * ITI-18 are served at {@code /services/xds-iti42} and {@code /services/xds-iti18} of the node's web server.
 *
 * @param enabled    serve the registry's SOAP endpoints
 * @param maxResults the most DocumentEntries one stored query returns before it answers XDSTooManyResults
 */
@ConfigurationProperties("zorgbrug.registry")
public record RegistryProperties(boolean enabled, Integer maxResults) {

    public RegistryProperties {
        maxResults = maxResults == null ? 1000 : maxResults;
        if (maxResults < 1) {
            throw new IllegalArgumentException("zorgbrug.registry.max-results must be at least 1, not " + maxResults);
        }
    }
}
