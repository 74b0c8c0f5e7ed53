package nl.zorgbrug.registry.consumer;

import java.io.IOException;

import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;

/**
 * ITI-18 Registry Stored Query as Document Consumer (ITI TF-2 §3.18) to the configured registry. The node sends it with
 * IPF's {@code xds-iti18} producer; tests may answer themselves.
 */
@FunctionalInterface
public interface Iti18Client {

    /**
     * @return the registry's answer, whatever its status
     * @throws IOException when no answer could be read (registry down, connection broken, HTTP error): the caller
     *                     must say "index unreachable", never "no studies"
     */
    QueryResponse query(QueryRegistry request) throws IOException;
}
