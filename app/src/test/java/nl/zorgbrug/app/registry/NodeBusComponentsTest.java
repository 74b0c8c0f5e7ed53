package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.endpoint.ServerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's SOAP services land on the node's bus whatever bus the starting thread has as its default (the
 * 404 of a JVM with two Spring contexts), and the thread's default is left as it was.
 */
class NodeBusComponentsTest {
    private final Bus other = BusFactory.newInstance().createBus();
    private final Bus node = BusFactory.newInstance().createBus();
    private final Bus before = BusFactory.getThreadDefaultBus(false);

    @AfterEach
    void restore() {
        BusFactory.setThreadDefaultBus(before);
        other.shutdown(false);
        node.shutdown(false);
    }

    @Test
    void theServicesArePublishedOnTheNodesBusNotTheThreadsDefault() throws Exception {
        BusFactory.setThreadDefaultBus(other);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent(NodeBusComponents.ITI42_SCHEME, NodeBusComponents.iti42(node));
            camel.addComponent(NodeBusComponents.ITI18_SCHEME, NodeBusComponents.iti18(node));
            camel.addComponent(NodeBusComponents.RAD69_SCHEME, NodeBusComponents.rad69(node));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(NodeBusComponents.ITI42_SCHEME + ":xds-iti42?audit=false").log("iti42");
                    from(NodeBusComponents.ITI18_SCHEME + ":xds-iti18?audit=false").log("iti18");
                    from(NodeBusComponents.RAD69_SCHEME + ":xdsi-rad69?audit=false").log("rad69");
                }
            });
            camel.start();

            assertThat(addresses(node)).containsExactlyInAnyOrder("/xds-iti42", "/xds-iti18", "/xdsi-rad69");
            assertThat(addresses(other)).isEmpty();
            assertThat(BusFactory.getThreadDefaultBus(false)).isSameAs(other);
            // Only ITI-18's answers hold placeholders for stored ExtrinsicObjects, which its service copies in.
            assertThat(node.getExtension(ServerRegistry.class).getServers()).allSatisfy(server -> assertThat(
                    server.getEndpoint().getOutInterceptors().stream().anyMatch(StoredExtrinsicObjectsOut.class::isInstance))
                    .as(server.getEndpoint().getEndpointInfo().getAddress())
                    .isEqualTo(server.getEndpoint().getEndpointInfo().getAddress().equals("/xds-iti18")));
        }
    }

    /** Without the node's components, IPF's own one takes the thread's default bus: the failure this fixes. */
    @Test
    void ipfsOwnComponentTakesTheThreadsDefaultBus() throws Exception {
        BusFactory.setThreadDefaultBus(other);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("xds-iti42:xds-iti42?audit=false").log("iti42");
                }
            });
            camel.start();

            assertThat(addresses(other)).containsExactly("/xds-iti42");
            assertThat(addresses(node)).isEmpty();
        }
    }

    private static List<String> addresses(Bus bus) {
        return bus.getExtension(ServerRegistry.class).getServers().stream()
                .map(Server::getEndpoint).map(e -> e.getEndpointInfo().getAddress()).toList();
    }
}
