package nl.zorgbrug.registry.source;

import java.io.IOException;

import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/**
 * Sends RAD-68 Provide and Register Imaging Document Set – MTOM/XOP (RAD TF-3 §4.68) to an external Document
 * Repository. RAD-68 is ITI-41 (ITI TF-2 §3.41) with the KOS among the documents; IPF 5.1.0 has no RAD-68 endpoint, so
 * the node sends it with IPF's {@code xds-iti41} producer.
 */
public interface Rad68Client {

    /**
     * @return the repository's RegistryResponse (it answers for itself and for the registry it registers with)
     * @throws nl.zorgbrug.gateway.job.PermanentDeliveryException the repository refused us for good (our credentials)
     * @throws IOException no answer came: the documents may or may not have been stored, so the same submission is sent
     *                     again unchanged
     */
    Response provideAndRegister(RegistryEndpoint repository, ProvideAndRegisterDocumentSet request) throws IOException;
}
