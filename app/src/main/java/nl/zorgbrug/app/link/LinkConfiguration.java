package nl.zorgbrug.app.link;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.transport.link.EmailSecondFactor;
import nl.zorgbrug.transport.link.LinkDesk;
import nl.zorgbrug.transport.link.LinkEndpoint;
import nl.zorgbrug.transport.link.LinkEvents;
import nl.zorgbrug.transport.link.LinkMailer;
import nl.zorgbrug.transport.link.LinkStore;
import nl.zorgbrug.transport.link.LinkTransport;
import nl.zorgbrug.transport.link.Secrets;
import nl.zorgbrug.transport.link.SecondFactor;
import nl.zorgbrug.transport.pkg.PackageManifest;

/**
 * The download-link channel of issue 21 in the node: its store (V30), the transport the job runner takes beside the
 * others (for the link route's destination, which {@code LinkAddressBook} adds to the address book), the desk for the
 * console, the API and the download page, and the purge of expired packages.
 */
@Configuration
public class LinkConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LinkConfiguration.class);

    @Bean
    LinkStore linkStore(JdbcTemplate jdbc) {
        return new JdbcLinkStore(jdbc);
    }

    @Bean
    LinkEvents linkEvents(AuditTrail trail, AuditActors actors, Clock clock) {
        return new LinkAudit(trail, actors, clock);
    }

    @Bean
    LinkDesk linkDesk(LinkStore store, LinkProperties link, NodeProperties node, LinkEvents events, Clock clock) {
        return new LinkDesk(store, new LinkDesk.Settings(packages(node), link.maxAttempts(), link.defaultValidity(),
                link.maxValidity()), events, clock);
    }

    @Bean
    Transport<LinkEndpoint> linkTransport(LinkStore store, LinkProperties link, NodeProperties node, LinkEvents events,
                                          Clock clock) throws IOException {
        LinkMailer mailer = new SmtpLinkMailer(link.smtp());
        SecondFactor second = switch (link.secondFactor()) {
            case EMAIL -> new EmailSecondFactor(mailer);
        };
        return new LinkTransport(new LinkTransport.Settings(packages(node), node.dataDir().resolve("work").resolve("link"),
                link.baseUrl(), new PackageManifest.Party(link.senderName(), link.senderUra()), clock), store, mailer,
                second, events, new Secrets(new SecureRandom()));
    }

    private static java.nio.file.Path packages(NodeProperties node) {
        return node.dataDir().resolve("links");
    }

    /** Deletes expired and used packages every purge interval. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService linkPurge(LinkDesk desk, LinkProperties link) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "link-purge");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                int n = desk.purge();
                if (n > 0) {
                    LOG.info("Download links: {} package(s) deleted (used, revoked, locked or past their date)", n);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Download links: purge failed ({}); tried again in {}", e.getMessage(), link.purgeInterval());
            }
        }, link.purgeInterval().toMillis(), link.purgeInterval().toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }
}
