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

    /**
     * Imports from the timeline (part 3): ITI-43 for the KOS and WADO-RS, RAD-69 or C-MOVE (as the repository lists) for the instances at the repository's address
     * (part 6, {@code zorgbrug.registry.consumer.repositories}), into the import route; a job kept in V65, retried with
     * the node's backoff. The worker runs only when the consumer role is enabled.
     */
    @Bean(destroyMethod = "close")
    ImageImports imageImports(RegistryConsumerProperties consumer, GatewayProperties gateway, AddressBook book,
                              nl.zorgbrug.app.node.NodeProperties node, ObjectProvider<CamelContext> camel,
                              nl.zorgbrug.gateway.inbound.Intake intake, nl.zorgbrug.gateway.job.JobRepository jobs,
                              nl.zorgbrug.gateway.quarantine.QuarantineRepository quarantine,
                              org.springframework.jdbc.core.JdbcTemplate jdbc, AuditTrail trail, AuditActors actors,
                              Clock clock, ObjectProvider<nl.zorgbrug.dicom.net.service.MoveRetriever> mover,
                              AddressBookNodes nodes) {
        // Part 6: the repositoryUniqueId's entry in the configuration, its DICOMweb root (for WADO-RS) from the
        // address-book entry it names when not given: the entry's STOW-RS URL is {root}/studies (PS3.18 §10.5).
        java.util.function.Function<String, nl.zorgbrug.registry.consumer.RepositoryAddress> addresses = uid -> {
            nl.zorgbrug.registry.consumer.RepositoryAddress a = consumer.repository(uid);
            if (a == null || a.wadoRsUrl() != null && !a.wadoRsUrl().isBlank() || a.institution() == null) {
                return a;
            }
            String stow = book.find(a.institution()).map(nl.zorgbrug.gateway.addressbook.Institution::stowRsUrl)
                    .orElse(null);
            String root = stow == null ? null : stow.strip().replaceAll("/+$", "").replaceAll("/studies$", "");
            return new nl.zorgbrug.registry.consumer.RepositoryAddress(a.repositoryUniqueId(), a.homeCommunityId(),
                    a.institution(), a.iti43Url(), root, a.user(), a.password(), a.rad69Url(), a.retrieval());
        };
        IntakeImportRoute route = new IntakeImportRoute(intake, jobs, quarantine, consumer.importRoute(),
                gateway.callingAeTitle());
        nl.zorgbrug.registry.consumer.StudyImport importer = new nl.zorgbrug.registry.consumer.StudyImport(
                consumer.enabled() ? new IpfIti43Client(camel.getObject(), addresses, consumer.trustStore() != null)
                        : (repository, home, uid) -> {
                            throw new java.io.IOException("the consumer role is not enabled");
                        },
                new nl.zorgbrug.registry.consumer.ChosenSource(addresses, sources(consumer, camel, addresses,
                        mover.getIfAvailable(), nodes)),
                route);
        nl.zorgbrug.app.node.NodeProperties.Retry r = node.retry();
        ImageImports imports = new ImageImports(jdbc, importer, route, new nl.zorgbrug.gateway.job.RetryPolicy(
                r.initial(), r.factor(), r.max(), r.maxAttempts()), trail, actors, clock);
        return imports;
    }

    /**
     * The import worker starts once the node has started whole (as the delivery runner, GatewayConfiguration's
     * deliveryStart): its ITI-43 and RAD-69 go by IPF's producers on the node's Camel context, which starts among the
     * last; started with the bean, a node restarted with an import due spent its attempts on its own start
     * (ImportKillTest: 8 of 12 before the node had started).
     */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
            imageImportStart(RegistryConsumerProperties consumer, ImageImports imports) {
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        return ready -> {
            if (consumer.enabled() && started.compareAndSet(false, true)) {
                imports.start();
            }
        };
    }

    /**
     * The instance sources a repository's {@code retrieval} chooses from: WADO-RS, RAD-69 with IPF's producer, and
     * C-MOVE from the repository's address-book entry to the node's move destination (when one is configured;
     * RetrievalNodesCheck stops the start of a node whose repositories ask C-MOVE without one).
     */
    private static java.util.Map<nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval,
            nl.zorgbrug.registry.consumer.StudyImport.InstanceSource> sources(RegistryConsumerProperties consumer,
            ObjectProvider<CamelContext> camel,
            java.util.function.Function<String, nl.zorgbrug.registry.consumer.RepositoryAddress> addresses,
            nl.zorgbrug.dicom.net.service.MoveRetriever mover, AddressBookNodes nodes) {
        var sources = new java.util.EnumMap<nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval,
                nl.zorgbrug.registry.consumer.StudyImport.InstanceSource>(
                nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.class);
        sources.put(nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.WADO_RS,
                new nl.zorgbrug.registry.consumer.WadoRsSource(addresses, java.net.http.HttpClient.newBuilder()
                        .connectTimeout(java.time.Duration.ofSeconds(10)).build(), java.time.Duration.ofMinutes(2)));
        if (consumer.enabled()) {
            sources.put(nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.RAD_69,
                    new IpfRad69Source(camel.getObject(), addresses, consumer.trustStore() != null));
        }
        if (mover != null) {
            sources.put(nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.C_MOVE,
                    new nl.zorgbrug.registry.consumer.CMoveSource(addresses, key -> nodes.node(key,
                            "zorgbrug.registry.consumer.repositories[].institution"), mover));
        }
        return sources;
    }
}
