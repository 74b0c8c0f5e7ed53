package nl.zorgbrug.app.registry;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.cxf.Bus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.MetadataStore;

/** The XDS Document Registry role (issue 20), when {@code zorgbrug.registry.enabled} is true. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "zorgbrug.registry.enabled", havingValue = "true")
class RegistryConfiguration {

    @Bean
    MetadataStore registryMetadataStore(DataSource dataSource) {
        return new JdbcMetadataStore(dataSource);
    }

    @Bean
    RegistryEvents registryEvents(AuditTrail trail, AuditActors actors, RegistryProperties properties, Clock clock) {
        return new RegistryAudit(trail, actors, properties, clock);
    }

    @Bean
    Registration registration(MetadataStore store, RegistryEvents events) {
        return new Registration(store, events);
    }

    @Bean
    AnswerConsent registryConsent(ConsentService consent, RegistryProperties properties) {
        return new RegistryConsent(consent, properties);
    }

    @Bean
    StoredQueries storedQueries(MetadataStore store, RegistryEvents events, RegistryProperties properties,
                                AnswerConsent consent) {
        return new StoredQueries(store, events, properties.maxResults(), consent);
    }

    @Bean
    RegistryRoutes registryRoutes(Registration registration, StoredQueries queries, RegistryEvents events,
                                  @Qualifier(Bus.DEFAULT_BUS_ID) Bus bus) {
        // The bus of CXF's servlet at /services (cxf-spring-boot-starter's SpringBus, bean "cxf").
        return new RegistryRoutes(registration, queries, events, bus);
    }
}
