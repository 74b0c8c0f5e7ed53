package nl.zorgbrug.registry.source;

import java.io.IOException;

import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/** Sends ITI-42 Register Document Set-b (ITI TF-2 §3.42) to a registry: IPF's {@code xds-iti42} producer in the node. */
public interface Iti42Client {

    /**
     * @return the registry's RegistryResponse
     * @throws nl.zorgbrug.gateway.job.PermanentDeliveryException the registry refused us for good (our credentials)
     * @throws IOException no answer came (unreachable, broken off, time-out, an HTTP error): the request may or may
     *                     not have been stored, so it is sent again unchanged
     */
    Response register(RegistryEndpoint registry, RegisterDocumentSet request) throws IOException;
}
