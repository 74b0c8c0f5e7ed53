package nl.zorgbrug.app.registry;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.registry.consumer.Iti18Client;

/**
 * ITI-18 Registry Stored Query to the registry with IPF's own {@code xds-iti18} producer (SOAP 1.2, ITI TF-2 §3.18)
 * in the node's Camel context, over HTTPS with the configured trust store, HTTP Basic when a user is set. IPF's own
 * ATNA auditing is off: the node's audit trail records each query ({@link ConsumerAudit}).
 */
final class IpfIti18Client implements Iti18Client {
    static final String TLS_BEAN = "zorgbrugRegistryConsumerTls";

    private final ProducerTemplate producer;
    private final RegistryConsumerProperties properties;

    IpfIti18Client(CamelContext camel, RegistryConsumerProperties properties) {
        this.properties = properties;
        if (properties.trustStore() != null) {
            IpfEndpoint.bindTrustStore(camel, TLS_BEAN, properties.trustStore(), properties.trustStorePassword());
        }
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public QueryResponse query(QueryRegistry request) throws IOException {
        AdhocQueryResponse answer;
        try {
            answer = producer.requestBody(uri(), EbXML30Converters.convert(request), AdhocQueryResponse.class);
        } catch (RuntimeException e) {
            throw new IOException("ITI-18 to " + properties.url().strip() + " got no answer: "
                    + IpfEndpoint.noAnswer(e), e);
        }
        if (answer == null) {
            throw new IOException("the registry at " + properties.url().strip() + " gave no AdhocQueryResponse");
        }
        return EbXML30Converters.convertToQueryResponse(answer);
    }

    /** IPF's endpoint URI for the registry's URL: {@code xds-iti18://host:port/path?secure=...}. */
    String uri() {
        return IpfEndpoint.uri("xds-iti18", properties.url(), properties.trustStore() == null ? null : TLS_BEAN,
                properties.user(), properties.password());
    }
}
