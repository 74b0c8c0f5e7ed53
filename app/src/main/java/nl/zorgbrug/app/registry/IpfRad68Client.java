package nl.zorgbrug.app.registry;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.transport.http.HTTPException;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.registry.source.Rad68Client;
import nl.zorgbrug.registry.source.RegistryEndpoint;

/**
 * RAD-68 to an external Document Repository (RAD TF-3 §4.68) with IPF's own {@code xds-iti41} producer (Provide and
 * Register Document Set-b, SOAP 1.2 with MTOM/XOP, ITI TF-2 §3.41): IPF 5.1.0 has no RAD-68 endpoint, and RAD-68 is
 * ITI-41 with the KOS among the documents. Over HTTPS with the configured trust store, HTTP Basic when a user is set;
 * IPF's own ATNA auditing is off: the node's audit trail records each submission ({@link RegistrySourceAudit}).
 */
final class IpfRad68Client implements Rad68Client {
    private final ProducerTemplate producer;
    private final RegistrySourceProperties properties;

    IpfRad68Client(CamelContext camel, RegistrySourceProperties properties) {
        this.properties = properties;
        if (properties.trustStore() != null) {
            IpfEndpoint.bindTrustStore(camel, IpfIti42Client.TLS_BEAN, properties.trustStore(),
                    properties.trustStorePassword());
        }
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public Response provideAndRegister(RegistryEndpoint repository, ProvideAndRegisterDocumentSet request)
            throws IOException {
        try {
            RegistryResponseType answer = producer.requestBody(uri(repository), EbXML30Converters.convert(request),
                    RegistryResponseType.class);
            if (answer == null) {
                throw new IOException("the repository at " + repository.url() + " gave no RegistryResponse");
            }
            return EbXML30Converters.convert(answer);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HTTPException http && (http.getResponseCode() == 401 || http.getResponseCode() == 403)) {
                    throw new PermanentDeliveryException("the repository at " + repository.url() + " refused our"
                            + " credentials (HTTP " + http.getResponseCode() + "): check zorgbrug.registry.source.user"
                            + " and password, then retry the job");
                }
            }
            // No answer we can read: the documents may or may not have been stored; the kept submission is sent again.
            throw new IOException("RAD-68 to " + repository.url() + " got no answer: " + IpfEndpoint.noAnswer(e), e);
        }
    }

    /** IPF's endpoint URI for the repository's URL: {@code xds-iti41://host:port/path?secure=...}. */
    String uri(RegistryEndpoint repository) {
        return IpfEndpoint.uri("xds-iti41", repository.url(), properties.trustStore() == null ? null
                : IpfIti42Client.TLS_BEAN, properties.user(), properties.password());
    }
}
