package nl.zorgbrug.app.registry;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.transport.http.HTTPException;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.registry.source.Iti42Client;
import nl.zorgbrug.registry.source.RegistryEndpoint;

/**
 * ITI-42 to the registry with IPF's own {@code xds-iti42} producer (SOAP 1.2, ITI TF-2 §3.42) in the node's Camel
 * context, over HTTPS with the configured trust store, HTTP Basic when a user is set. IPF's own ATNA auditing is off:
 * the node's audit trail records each register ({@link RegistrySourceAudit}).
 */
final class IpfIti42Client implements Iti42Client {
    static final String TLS_BEAN = "zorgbrugRegistrySourceTls";

    private final ProducerTemplate producer;
    private final RegistrySourceProperties properties;

    IpfIti42Client(CamelContext camel, RegistrySourceProperties properties) {
        this.properties = properties;
        if (properties.trustStore() != null) {
            IpfEndpoint.bindTrustStore(camel, TLS_BEAN, properties.trustStore(), properties.trustStorePassword());
        }
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public Response register(RegistryEndpoint registry, RegisterDocumentSet request) throws IOException {
        try {
            RegistryResponseType answer = producer.requestBody(uri(registry), EbXML30Converters.convert(request),
                    RegistryResponseType.class);
            if (answer == null) {
                throw new IOException("the registry at " + registry.url() + " gave no RegistryResponse");
            }
            return EbXML30Converters.convert(answer);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof HTTPException http && (http.getResponseCode() == 401 || http.getResponseCode() == 403)) {
                    throw new PermanentDeliveryException("the registry at " + registry.url() + " refused our"
                            + " credentials (HTTP " + http.getResponseCode() + "): check zorgbrug.registry.source.user"
                            + " and password, then retry the job");
                }
            }
            // No answer we can read: it may or may not have been stored; the kept request is sent again.
            throw new IOException("ITI-42 to " + registry.url() + " got no answer: " + IpfEndpoint.noAnswer(e), e);
        }
    }

    /** IPF's endpoint URI for the registry's URL: {@code xds-iti42://host:port/path?secure=...}. */
    String uri(RegistryEndpoint registry) {
        return IpfEndpoint.uri("xds-iti42", registry.url(), properties.trustStore() == null ? null : TLS_BEAN,
                properties.user(), properties.password());
    }
}
