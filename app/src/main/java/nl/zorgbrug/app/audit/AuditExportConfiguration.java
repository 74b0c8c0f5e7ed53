package nl.zorgbrug.app.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.export.AuditExporter;
import nl.zorgbrug.audit.export.Backoff;
import nl.zorgbrug.audit.export.TlsContexts;
import nl.zorgbrug.audit.export.atna.DicomAuditMessages;
import nl.zorgbrug.audit.export.atna.SyslogTlsRepository;
import nl.zorgbrug.audit.export.balp.BalpAuditEvents;
import nl.zorgbrug.audit.export.balp.FhirAuditRepository;
import nl.zorgbrug.audit.trail.AuditTrail;

/**
 * The export of the trail to the hospital's audit repository (issue 17, docs/audit.md): one {@link AuditExporter}
 * per configured repository (ATNA syslog-TLS, FHIR), each with its cursor in the database (V20), run by the
 * {@link AuditExportPump}; the metric {@code zorgbrug.audit.export.backlog} counts what waits per repository.
 *
 * <p>IPF's {@code ipf-atna-spring-boot-starter} is not used: it sets up an audit context that sends IPF's own
 * events as they happen and drops one the repository does not take; the trail, not a send queue, is the source
 * of truth here, so the exporter uses IPF's sender and message model ({@code ipf-commons-audit}) directly.
 */
@Configuration
public class AuditExportConfiguration {

    @Bean
    AuditExportPump auditExportPump(AuditExportProperties settings, AuditProperties audit, DataSource dataSource,
                                    AuditTrail trail, Clock clock, MeterRegistry registry) {
        List<AuditExporter> exporters = new ArrayList<>();
        if (settings.enabled()) {
            String appName = settings.appName() == null ? audit.nodeName() : settings.appName();
            Ura ura = audit.organisationUra() == null ? null : new Ura(audit.organisationUra());
            Backoff backoff = new Backoff(settings.retry().initial(), settings.retry().factor(), settings.retry().max());
            SSLContext tls = settings.tls().trustStore() == null ? null : TlsContexts.fromFiles(
                    settings.tls().keyStore(), settings.tls().keyStorePassword().toCharArray(),
                    settings.tls().trustStore(), settings.tls().trustStorePassword().toCharArray());
            JdbcAuditStore store = new JdbcAuditStore(dataSource);
            if (settings.atna().enabled()) {
                exporters.add(new AuditExporter(store, trail::count, new JdbcExportCursor(dataSource, "atna", clock),
                        new SyslogTlsRepository(settings.atna().host(), settings.atna().port(), tls, appName,
                                settings.atna().connectTimeout(), new DicomAuditMessages(appName, ura)),
                        backoff, clock, settings.batchSize()));
            }
            if (settings.fhir().enabled()) {
                exporters.add(new AuditExporter(store, trail::count, new JdbcExportCursor(dataSource, "fhir", clock),
                        new FhirAuditRepository(settings.fhir().base(), tls, settings.fhir().timeout(),
                                new BalpAuditEvents(appName, hostName(), ura)),
                        backoff, clock, settings.batchSize()));
            }
        }
        for (AuditExporter exporter : exporters) {
            Gauge.builder("zorgbrug.audit.export.backlog", exporter, AuditExporter::backlog)
                    .tag("repository", exporter.repositoryName())
                    .description("records of the audit trail this repository has not acknowledged yet")
                    .register(registry);
        }
        return new AuditExportPump(exporters, settings.interval());
    }

    /**
     * The node's network address in its BALP events (agent.network of the node as client or server, which every
     * BALP profile requires; without it an event claims no profile): this machine's host name, as the hospital's
     * network knows it; null when the machine cannot say (then the events claim no BALP profile, docs/audit.md).
     */
    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
