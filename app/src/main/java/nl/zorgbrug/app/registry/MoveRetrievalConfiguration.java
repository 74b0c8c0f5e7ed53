package nl.zorgbrug.app.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.gateway.GatewayProperties;
import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.MoveRetriever;
import nl.zorgbrug.dicom.net.tls.TlsConfig;
import nl.zorgbrug.gateway.addressbook.AddressBook;

/**
 * C-MOVE for issue 20 (docs/availability.md, "C-MOVE"): one move destination for the node
 * ({@code zorgbrug.registry.move-destination}), shared by the import from a source without DICOMweb and by serving
 * RAD-69 and WADO-RS from an own PACS without DICOMweb, and the address-book entries it moves from.
 */
@Configuration(proxyBeanMethods = false)
class MoveRetrievalConfiguration {

    /** Received instances are written under the data directory's work area, each until its retrieval took it. */
    @Bean
    @ConditionalOnProperty(name = "zorgbrug.registry.move-destination.ae-title")
    MoveRetriever moveRetriever(MoveDestinationProperties destination, GatewayProperties gateway, NodeProperties node) {
        String bind = destination.bind() == null ? gateway.bind() : destination.bind();
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigurationError(MoveDestinationProperties.PREFIX + "bind", bind, "a local address to listen"
                    + " on (" + e.getMessage() + ")");
        }
        return new MoveRetriever(new MoveRetriever.Destination(destination.aeTitle(), address, destination.port(),
                destination.host()), node.dataDir().resolve("work").resolve("moved"), AssociationOptions.DEFAULT,
                Duration.ofSeconds(30));
    }

    @Bean
    AddressBookNodes addressBookNodes(AddressBook book, GatewayProperties gateway, ObjectProvider<TlsConfig> tls) {
        TlsConfig tlsConfig = tls.getIfAvailable();
        return new AddressBookNodes(book, gateway.callingAeTitle(), new Connector(AssociationOptions.DEFAULT),
                tlsConfig == null ? null : new Connector(AssociationOptions.DEFAULT, tlsConfig.socketFactory()));
    }
}
