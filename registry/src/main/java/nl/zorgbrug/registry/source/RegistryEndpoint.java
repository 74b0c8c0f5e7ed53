package nl.zorgbrug.registry.source;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.gateway.addressbook.PluggedEndpoint;

/**
 * The XDS Document Registry a study is registered with (issue 20 part 2), as the address-book endpoint of the
 * registration route's destination: the job runner hands that route's jobs to {@link RegistrationTransport}.
 *
 * @param url the registry's ITI-42 endpoint, e.g. {@code https://registry.example:8443/services/xds-iti42}
 */
public record RegistryEndpoint(String url) implements PluggedEndpoint {

    @Override
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        try {
            URI u = URI.create(url == null ? "" : url.strip());
            if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null) {
                out.add("url: '" + url + "' is no http(s) URL of the registry's ITI-42 endpoint");
            }
        } catch (IllegalArgumentException e) {
            out.add("url: '" + url + "' is no URL (" + e.getMessage() + ")");
        }
        return out;
    }
}
