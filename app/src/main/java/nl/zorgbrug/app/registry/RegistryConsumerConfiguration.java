package nl.zorgbrug.app.registry;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.app.consent.ConsentProperties;
import nl.zorgbrug.app.gateway.GatewayProperties;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.tls.TlsConfig;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.registry.consumer.OwnPacs;
import nl.zorgbrug.registry.consumer.TimelineQuery;

/**
 * The Document Consumer role (issue 20 part 3): the image timeline. Its page and API are always there; without
 * {@code zorgbrug.registry.consumer.enabled} the timeline says that no index is configured and shows the own PACS's
 * studies only.
 */
@Configuration(proxyBeanMethods = false)
class RegistryConsumerConfiguration {

    @Bean
    ImageTimeline imageTimeline(RegistryConsumerProperties consumer, GatewayProperties gateway, MpiStore mpi,
                                AddressBook book, ObjectProvider<CamelContext> camel, ConsentService consent,
                                ConsentProperties consentSettings, AuditTrail trail, AuditActors actors, Clock clock,
                                ObjectProvider<TlsConfig> tls) {
        TlsConfig tlsConfig = tls.getIfAvailable();
        OwnPacs pacs = consumer.pacs() == null ? OwnPacs.NONE : new AddressBookPacs(book, consumer.pacs(),
                gateway.callingAeTitle(), new Connector(AssociationOptions.DEFAULT),
                tlsConfig == null ? null : new Connector(AssociationOptions.DEFAULT, tlsConfig.socketFactory()));
        IpfIti18Client registry = consumer.enabled() ? new IpfIti18Client(camel.getObject(), consumer) : null;
        TimelineQuery query = new TimelineQuery(new TimelineQuery.Settings(consumer.institution(), consumer.zone()),
                registry, new NodeImageConsent(consent, actors.organisation(), consentSettings.institutionType()), pacs,
                new ConsumerAudit(trail, actors, clock, consumer.url() == null ? "registry" : consumer.url().strip()));
        return new ImageTimeline(mpi, gateway.localIssuer(), query, consumer.enabled());
    }
}
