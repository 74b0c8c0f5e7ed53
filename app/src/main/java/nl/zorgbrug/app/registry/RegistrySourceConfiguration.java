package nl.zorgbrug.app.registry;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.apache.cxf.Bus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.app.gateway.GatewayProperties;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.gateway.addressbook.ChannelAddressBook;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.registry.source.DocumentRetrieval;
import nl.zorgbrug.registry.source.KosRegistrar;
import nl.zorgbrug.registry.source.KosRepository;
import nl.zorgbrug.registry.source.KosSubmitter;
import nl.zorgbrug.registry.source.Rad68Submitter;
import nl.zorgbrug.registry.source.RegistrationTransport;
import nl.zorgbrug.registry.source.RegistryEndpoint;

/**
 * The Imaging Document Source / Repository role (issue 20 part 2), when {@code zorgbrug.registry.source.enabled}: the
 * registration transport the job runner takes beside the others (for the registration route's destination, which
 * {@link #registryChannel} adds to the address book), the node's KOS repository (V47), the ITI-42 client (or with
 * {@code transaction: RAD-68} the RAD-68 client to an external repository), the audit of each register, and ITI-43 at {@code /services/xds-iti43} serving the kept KOS manifests.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "zorgbrug.registry.source.enabled", havingValue = "true")
class RegistrySourceConfiguration {

    /** The registration route's destination, which the node adds to its address book. */
    @Bean
    ChannelAddressBook.Channel registryChannel(RegistrySourceProperties source) {
        return source.channel();
    }

    @Bean
    KosRepository kosRepository(JdbcTemplate jdbc) {
        return new JdbcKosRepository(jdbc);
    }

    @Bean
    Transport<RegistryEndpoint> registrationTransport(RegistrySourceProperties source, GatewayProperties gateway,
                                                      KosRepository repository, CamelContext camel, JobRepository jobs,
                                                      AuditTrail trail, AuditActors actors,
                                                      RegistryProperties registry, Clock clock) {
        // ITI-42: the node is the repository of the KOS and report; RAD-68: the external repository at url is.
        KosSubmitter submitter = source.submission() == RegistrySourceProperties.Transaction.RAD_68
                ? new Rad68Submitter(new IpfRad68Client(camel, source), repository)
                : KosSubmitter.iti42(new IpfIti42Client(camel, source));
        KosRegistrar registrar = new KosRegistrar(new KosRegistrar.Settings(gateway.callingAeTitle(),
                source.retrieveLocationUid(), source.source(), source.reportClassCode().xds()), repository, submitter,
                new RegistrySourceAudit(trail, actors, registry, clock), study -> importedHere(jobs, study), clock);
        return new RegistrationTransport(registrar);
    }

    @Bean
    RepositoryRoutes repositoryRoutes(RegistrySourceProperties source, KosRepository repository, ConsentService consent,
                                      RegistryProperties registry, AuditTrail trail, AuditActors actors, Clock clock,
                                      @Qualifier(Bus.DEFAULT_BUS_ID) Bus bus) {
        // Consent before a pull is served (part 4), for the caller's organisation as zorgbrug.registry.requesters says.
        return new RepositoryRoutes(new DocumentRetrieval(source.repositoryUniqueId(), repository,
                new RegistryConsent(consent, registry), new RegistrySourceAudit(trail, actors, registry, clock)), bus);
    }

    /** Whether this node imported the study: an IMPORT job for its Study Instance UID, of any age. */
    static boolean importedHere(JobRepository jobs, String studyInstanceUid) {
        return !jobs.search(new JobQuery(null, null, null, Direction.IMPORT, null, null, studyInstanceUid, 1)).isEmpty();
    }
}
