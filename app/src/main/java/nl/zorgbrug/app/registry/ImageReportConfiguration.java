package nl.zorgbrug.app.registry;

import java.time.Clock;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.registry.consumer.ReportReading;

/**
 * The report of a timeline row (issue 20 part 3): ITI-43 by IPF's {@code xds-iti43} producer to the repository's
 * {@code iti43-url} in {@code zorgbrug.registry.consumer.repositories}, as the import retrieves the KOS. Without the
 * consumer role no row lists a report, and a retrieval says the role is off.
 */
@Configuration(proxyBeanMethods = false)
class ImageReportConfiguration {

    @Bean
    ImageReports imageReports(RegistryConsumerProperties consumer, ImageTimeline timeline,
                              ObjectProvider<CamelContext> camel, AuditTrail trail, AuditActors actors, Clock clock) {
        ReportReading reading = new ReportReading(consumer.enabled()
                ? new IpfIti43Client(camel.getObject(), consumer::repository, consumer.trustStore() != null)
                : (repository, home, uid) -> {
                    throw new java.io.IOException("the consumer role is not enabled"
                            + " (zorgbrug.registry.consumer.enabled)");
                });
        return new ImageReports(timeline, reading, trail, actors, clock);
    }
}
