package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
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
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource("file:" + properties.trustStore().toAbsolutePath());
            store.setPassword(properties.trustStorePassword());
            store.setType("PKCS12");
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            SSLContextParameters tls = new SSLContextParameters();
            tls.setTrustManagers(trust);
            camel.getRegistry().bind(TLS_BEAN, tls);
        }
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public QueryResponse query(QueryRegistry request) throws IOException {
        AdhocQueryResponse answer;
        try {
            answer = producer.requestBody(uri(), EbXML30Converters.convert(request), AdhocQueryResponse.class);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IOException("ITI-18 to " + properties.url().strip() + " got no answer: " + root, e);
        }
        if (answer == null) {
            throw new IOException("the registry at " + properties.url().strip() + " gave no AdhocQueryResponse");
        }
        return EbXML30Converters.convertToQueryResponse(answer);
    }

    /** IPF's endpoint URI for the registry's URL: {@code xds-iti18://host:port/path?secure=...}. */
    String uri() {
        URI url = URI.create(properties.url().strip());
        boolean secure = "https".equalsIgnoreCase(url.getScheme());
        StringBuilder uri = new StringBuilder("xds-iti18://").append(url.getHost());
        if (url.getPort() > 0) {
            uri.append(':').append(url.getPort());
        }
        uri.append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                .append("?audit=false&secure=").append(secure);
        if (secure && properties.trustStore() != null) {
            uri.append("&sslContextParameters=#").append(TLS_BEAN);
        }
        if (properties.user() != null && !properties.user().isBlank()) {
            uri.append("&username=").append(URLEncoder.encode(properties.user(), StandardCharsets.UTF_8))
                    .append("&password=RAW(").append(properties.password() == null ? "" : properties.password())
                    .append(')');
        }
        return uri.toString();
    }
}
