package nl.zorgbrug.app.transport;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.gateway.NodeRecovery;
import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.sftp.ReceiptWatch;
import nl.zorgbrug.transport.sftp.SftpEndpoint;
import nl.zorgbrug.transport.sftp.SftpInbox;
import nl.zorgbrug.transport.sftp.SftpTransport;

/**
 * The SFTP channel of issue 21 in the node: the outbound transport, registered beside C-STORE and STOW-RS (the job
 * runner takes every {@link Transport} bean), and the inbox that polls each configured partner's drop, started after
 * the node's crash recovery like the other inbound transports.
 */
@Configuration
public class TransportConfiguration {
    private static final System.Logger LOG = System.getLogger(TransportConfiguration.class.getName());

    @Bean
    Transport<SftpEndpoint> sftpTransport(TransportProperties sftp, NodeProperties node, Clock clock,
                                          ReceiptWatch receipts) throws IOException {
        return new SftpTransport(new SftpTransport.Settings(node.dataDir().resolve("work").resolve("sftp"),
                new PackageManifest.Party(sftp.senderName(), sftp.senderUra()), sftp.knownHosts(), sftp.timeout(),
                clock, receipts));
    }

    /** Looks for the receipts of drops that write them, at the poll interval, while one is awaited. */
    @Bean(destroyMethod = "close")
    ReceiptWatch sftpReceipts(TransportProperties sftp, JobManager manager, JobRepository jobs, Spool spool,
                              List<Route> routes, Clock clock) {
        return new ReceiptWatch(new ReceiptWatch.Settings(manager, jobs,
                new SpoolCleanup(spool, jobs, job -> RouteTable.routeFor(routes, job)), sftp.knownHosts(),
                sftp.timeout(), sftp.pollInterval(), clock));
    }

    /** The pollers, one pass per partner each poll interval; none when no partner is configured. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sftpInbox(TransportProperties sftp, NodeProperties node, Intake intake, List<Route> routes,
                                       Clock clock, NodeRecovery.Report recovered) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sftp-inbox");
            t.setDaemon(true);
            return t;
        });
        PackageLimits defaults = PackageLimits.defaults();
        SftpInbox inbox = new SftpInbox(new SftpInbox.Settings(node.dataDir().resolve("sftp-inbox"),
                new PackageLimits(sftp.maxEntries(), defaults.maxEntryBytes(), defaults.maxTotalBytes(),
                        defaults.maxRatio()), sftp.knownHosts(), sftp.timeout(), clock), intake);
        for (SftpInbox.Partner partner : partners(sftp, routes)) {
            timer.scheduleWithFixedDelay(() -> poll(inbox, partner), 0, sftp.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    static List<SftpInbox.Partner> partners(TransportProperties sftp, List<Route> routes) {
        List<SftpInbox.Partner> out = new ArrayList<>();
        for (TransportProperties.Partner p : sftp.partners()) {
            Route route = routes.stream().filter(r -> r.name().equals(p.route())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("zorgbrug.transport.sftp.partners: partner '"
                            + p.key() + "' names route '" + p.route() + "', which zorgbrug.gateway.routes does not have"));
            SftpEndpoint drop = new SftpEndpoint(p.host(), p.port() == null ? 22 : p.port(), p.user(), p.hostKey(),
                    p.privateKey(), p.password(), p.folder());
            if (!drop.problems().isEmpty()) {
                throw new IllegalArgumentException("zorgbrug.transport.sftp.partners: partner '" + p.key() + "': "
                        + String.join("; ", drop.problems()));
            }
            out.add(new SftpInbox.Partner(p.key(), drop, route));
        }
        return out;
    }

    private static void poll(SftpInbox inbox, SftpInbox.Partner partner) {
        try {
            for (SftpInbox.Result r : inbox.poll(partner)) {
                LOG.log(System.Logger.Level.INFO, "SFTP package " + r.packageName() + " from " + partner.key() + ": "
                        + r.getClass().getSimpleName());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SFTP drop of " + partner.key() + " (" + partner.drop().where()
                    + ") not polled: " + e.getMessage() + "; tried again in the next poll");
        }
    }
}
