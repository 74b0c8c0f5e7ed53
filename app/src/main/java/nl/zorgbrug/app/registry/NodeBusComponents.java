package nl.zorgbrug.app.registry;

import java.util.Map;
import java.util.Objects;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.openehealth.ipf.commons.ihe.ws.JaxWsClientFactory;
import org.openehealth.ipf.commons.ihe.ws.WsTransactionConfiguration;
import org.openehealth.ipf.commons.ihe.xds.core.audit.XdsAuditDataset;
import org.openehealth.ipf.commons.ihe.xds.core.audit.XdsNonconstructiveDocumentSetRequestAuditDataset;
import org.openehealth.ipf.commons.ihe.xds.core.audit.XdsQueryAuditDataset;
import org.openehealth.ipf.commons.ihe.xds.core.audit.XdsSubmitAuditDataset;
import org.openehealth.ipf.platform.camel.ihe.ws.AbstractWebService;
import org.openehealth.ipf.platform.camel.ihe.ws.AbstractWsEndpoint;
import org.openehealth.ipf.platform.camel.ihe.ws.AbstractWsProducer;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsComponent;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsEndpoint;
import org.openehealth.ipf.platform.camel.ihe.xds.iti18.Iti18Component;
import org.openehealth.ipf.platform.camel.ihe.xds.iti18.Iti18Service;
import org.openehealth.ipf.platform.camel.ihe.xds.iti42.Iti42Component;
import org.openehealth.ipf.platform.camel.ihe.xds.iti42.Iti42Service;
import org.openehealth.ipf.platform.camel.ihe.xds.iti43.Iti43Component;
import org.openehealth.ipf.platform.camel.ihe.xds.iti43.Iti43Service;
import org.openehealth.ipf.platform.camel.ihe.xds.rad69.Rad69Component;
import org.openehealth.ipf.platform.camel.ihe.xds.rad69.Rad69Service;

/**
 * IPF's {@code xds-iti42}, {@code xds-iti18}, {@code xds-iti43} and {@code xdsi-rad69} components whose SOAP services
 * are published on the node's own CXF bus, the one the node's CXF servlet at {@code /services} serves.
 * <p>
 * Why: IPF builds each endpoint's CXF server with a {@code ServerFactoryBean} that is given no bus, so CXF takes the
 * calling thread's default bus ({@code BusFactory.getThreadDefaultBus()}). That is the first bus ever made on the
 * thread, not necessarily this node's: with a second Spring context in the JVM (the test suite's cached contexts), or
 * an IPF client that made a bus first, the endpoint went onto another bus than the one our servlet dispatches to, and
 * every request was 404. Here the server is built with the node's bus as the thread's default for exactly that call,
 * and the thread's previous default is put back afterwards, so nothing else in the JVM is changed.
 * <p>
 * These components only serve (they are consumer endpoints of the registry's routes): the node sends ITI-42 with
 * IPF's own components when it is a source.
 */
final class NodeBusComponents {
    /** The node's schemes; the endpoint path after the scheme is the address under {@code /services}. */
    static final String ITI42_SCHEME = "node-xds-iti42";
    static final String ITI18_SCHEME = "node-xds-iti18";
    static final String ITI43_SCHEME = "node-xds-iti43";
    static final String RAD69_SCHEME = "node-xdsi-rad69";

    private NodeBusComponents() {
    }

    static Iti42Component iti42(Bus bus) {
        Objects.requireNonNull(bus, "bus");
        return new Iti42Component() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                return new OnBus<XdsSubmitAuditDataset>(uri, remaining, this, parameters, Iti42Service.class, bus);
            }
        };
    }

    /**
     * ITI-18, whose LeafClass answers hold placeholders for the stored ExtrinsicObjects (StoredQueries.answer): its
     * service writes them with {@link StoredExtrinsicObjectsOut}, which copies the stored XML in their place.
     */
    static Iti18Component iti18(Bus bus) {
        Objects.requireNonNull(bus, "bus");
        return new Iti18Component() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                OnBus<XdsQueryAuditDataset> endpoint = new OnBus<>(uri, remaining, this, parameters,
                        Iti18Service.class, bus);
                endpoint.getCustomCxfInterceptors().getOutInterceptors().add(new StoredExtrinsicObjectsOut());
                return endpoint;
            }
        };
    }

    static Iti43Component iti43(Bus bus) {
        Objects.requireNonNull(bus, "bus");
        return new Iti43Component() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                return new OnBus<XdsNonconstructiveDocumentSetRequestAuditDataset>(uri, remaining, this, parameters,
                        Iti43Service.class, bus);
            }
        };
    }

    /** RAD-69 Retrieve Imaging Document Set (RAD TF-3 §4.69), the Imaging Document Source's instances. */
    static Rad69Component rad69(Bus bus) {
        Objects.requireNonNull(bus, "bus");
        return new Rad69Component() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                return new OnBus<XdsNonconstructiveDocumentSetRequestAuditDataset>(uri, remaining, this, parameters,
                        Rad69Service.class, bus);
            }
        };
    }

    /**
     * An XDS endpoint whose consumer (the SOAP service) is created on the given bus. Package-private for the tests'
     * external repository (an {@code xds-iti41} consumer on the node's servlet, which the node itself does not serve).
     */
    static final class OnBus<T extends XdsAuditDataset> extends XdsEndpoint<T> {
        private final Bus bus;

        OnBus(String uri, String address, XdsComponent<T> component,
              Map<String, Object> parameters, Class<? extends AbstractWebService> serviceClass, Bus bus) {
            super(uri, address, component, parameters, serviceClass);
            this.bus = bus;
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            Bus previous = BusFactory.getThreadDefaultBus(false);
            BusFactory.setThreadDefaultBus(bus);
            try {
                return super.createConsumer(processor);
            } finally {
                BusFactory.setThreadDefaultBus(previous);
            }
        }

        @Override
        public AbstractWsProducer<T, WsTransactionConfiguration<T>, ?, ?> getProducer(
                AbstractWsEndpoint<T, WsTransactionConfiguration<T>> endpoint, JaxWsClientFactory<T> clientFactory) {
            throw new UnsupportedOperationException(getEndpointUri() + " only serves the node's registry or repository;"
                    + " to send, use IPF's own xds-iti42 / xds-iti18 / xds-iti43 component");
        }
    }
}
