package nl.zorgbrug.app.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcManifestRepository;
import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.tls.TlsConfig;
import nl.zorgbrug.gateway.NodeRecovery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.manifest.ManifestRepository;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.Arrivals;
import nl.zorgbrug.gateway.delivery.CommitmentTracker;
import nl.zorgbrug.gateway.delivery.CStoreTransport;
import nl.zorgbrug.gateway.delivery.JobDelivery;
import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.delivery.StowRsTransport;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.delivery.Transports;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.inbound.CommitmentScp;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.inbound.EmergencyWakeUp;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.inbound.stowrs.StowRs;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.manifest.ManifestPolicy;
import nl.zorgbrug.gateway.manifest.ManifestReceiver;
import nl.zorgbrug.gateway.manifest.ManifestSender;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.merge.FollowingMerges;
import nl.zorgbrug.gateway.merge.MergedPatients;
import nl.zorgbrug.gateway.route.CharsetCheck;
import nl.zorgbrug.gateway.route.Classify;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDefinition;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The DICOM side of the node: the routes from configuration (mapped onto the gateway's route table, which
 * checks them), the C-STORE SCP that spools and decides, and the job runner that delivers. Plain-Java domain
 * objects from the gateway and bsn modules, wired here.
 */
@Configuration
public class GatewayConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    @Bean
    SwapPolicy swapPolicy(GatewayProperties gateway) {
        if (gateway.localIssuer() == null || gateway.localIssuer().isBlank()) {
            throw new IllegalStateException("zorgbrug.gateway.local-issuer is not set: configure the OID with which"
                    + " your hospital issues patient numbers (see docs/operations.md)");
        }
        return SwapPolicy.of(gateway.localIssuer());
    }

    /**
     * The routes of {@code zorgbrug.gateway.routes}, each with its steps, checked by the gateway's {@link RouteTable}.
     * Import routes apply the links people made on the quarantine worklist; both follow merges of patients.
     */
    @Bean
    RouteTable routeTable(GatewayProperties gateway, SwapPolicy policy, MasterPatientIndex mpiAsStored,
                          QuarantineRepository quarantine, MergedPatients merged) {
        // A number the EPD merged away (A40/A47) is decided as the patient it became (issue 16).
        MasterPatientIndex mpi = new FollowingMerges(mpiAsStored, merged);
        BsnClassifier classifier = new BsnClassifier(ExemptionRules.none());
        RouteTable table;
        try {
            table = RouteTable.of(definitions(gateway), d -> List.of(new CharsetCheck(), new Classify(classifier),
                    d.direction() == Direction.EXPORT ? Swap.export(policy, mpi, d.assumeLocalIssuerFrom())
                            : Swap.importing(policy, mpi, sop -> quarantine.linkedLocalId(d.name(), sop))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("zorgbrug.gateway." + e.getMessage(), e);
        }
        if (table.isEmpty()) {
            LOG.warn("No routes configured (zorgbrug.gateway.routes): the DICOM listener answers C-ECHO only");
        }
        return table;
    }

    /** The configured routes as the gateway's definitions (messages name the setting below zorgbrug.gateway). */
    static List<RouteDefinition> definitions(GatewayProperties gateway) {
        List<RouteDefinition> definitions = new ArrayList<>();
        for (GatewayProperties.RouteProperties r : gateway.routes()) {
            Direction direction = switch (r.direction() == null ? "" : r.direction().toLowerCase(Locale.ROOT)) {
                case "export" -> Direction.EXPORT;
                case "import" -> Direction.IMPORT;
                default -> throw new IllegalArgumentException("routes '" + r.name() + "': direction '"
                        + r.direction() + "' is neither export nor import");
            };
            definitions.add(new RouteDefinition(r.name(), r.calledAeTitle(), direction, r.destination(), r.urgent(),
                    r.rules().stream().map(rule -> new RouteDefinition.Rule(rule.attribute(), rule.matches(),
                            rule.destination())).toList(), Set.copyOf(r.assumeLocalIssuerFrom())));
        }
        return definitions;
    }

    /** The routes as a list, for the parts of the node that take one. */
    @Bean
    List<Route> routes(RouteTable table) {
        return table.routes();
    }

    @Bean
    TlsConfig tlsConfig(GatewayProperties gateway) throws IOException, GeneralSecurityException {
        GatewayProperties.Tls t = gateway.tls();
        if (t == null || t.keyStore() == null) {
            return null;
        }
        return TlsConfig.fromFiles(t.keyStore(), chars(t.keyStorePassword()), t.trustStore(), chars(t.trustStorePassword()),
                t.requireClientCertificate());
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    /** Storage commitment of deliveries to institutions that ask for it; reports reach it through the listener. */
    @Bean(destroyMethod = "close")
    CommitmentTracker commitmentTracker(JobManager manager, JobRepository jobs, Spool spool, List<Route> routes,
                                        GatewayProperties gateway, Clock clock) {
        return new CommitmentTracker(new CommitmentTracker.Settings(manager, jobs,
                new SpoolCleanup(spool, jobs, job -> routeFor(routes, job)), gateway.callingAeTitle(),
                gateway.commitmentTimeout(), gateway.commitmentLinger(), clock));
    }

    /** The route AEs as Storage Commitment SCP for our senders; reports that wait go to the address book's AE. */
    @Bean(destroyMethod = "close")
    CommitmentScp commitmentScp(Spool spool, List<Route> routes, JobRepository jobs, JobManager manager,
                                AddressBook book, JobRunner runner,
                                org.springframework.beans.factory.ObjectProvider<TlsConfig> tls) {
        TlsConfig tlsConfig = tls.getIfAvailable();
        return new CommitmentScp(spool, routes, jobs, manager, book, new Connector(AssociationOptions.DEFAULT),
                tlsConfig == null ? null : new Connector(AssociationOptions.DEFAULT, tlsConfig.socketFactory()),
                job -> runner.wake());
    }

    /** Instances arriving on emergency routes, for deliveries that keep their association open for the next. */
    @Bean
    Arrivals arrivals() {
        return new Arrivals();
    }

    /** The delivery runner; started by the node's recovery once that is done ({@link #nodeRecovery}). */
    @Bean(destroyMethod = "close")
    JobRunner jobRunner(JobRepository jobs, JobManager manager, Spool spool, AddressBook book, List<Route> routes,
                        GatewayProperties gateway, NodeProperties node, Clock clock, Arrivals arrivals,
                        ManifestRepository manifests, CommitmentTracker commitments,
                        org.springframework.beans.factory.ObjectProvider<TlsConfig> tls,
                        org.springframework.beans.factory.ObjectProvider<Transport<?>> moreTransports,
                        WarningProperties warnings, io.micrometer.core.instrument.MeterRegistry registry) throws IOException {
        TlsConfig tlsConfig = tls.getIfAvailable();
        Connector plain = new Connector(AssociationOptions.DEFAULT);
        Connector secure = tlsConfig == null ? null : new Connector(AssociationOptions.DEFAULT, tlsConfig.socketFactory());
        // One transport per channel, chosen by the type of the institution's endpoint in the address book.
        CStoreTransport cStore = CStoreTransport.builder(gateway.callingAeTitle(), plain)
                .tls(secure)
                .emergency(arrivals, gateway.emergencyLinger())
                .lastInstances(new ManifestSender(spool, jobs, manifests, name -> manifestPolicy(gateway, name),
                        gateway.callingAeTitle(), clock))
                .commitments(commitments)
                .build();
        Transports transports = Transports.of(cStore, new StowRsTransport(node.dataDir().resolve("work")));
        // A module with a channel of its own (SFTP, a download link) registers its Transport as a bean.
        for (Transport<?> plugged : moreTransports.orderedStream().toList()) {
            transports = transports.with(plugged);
        }
        JobDelivery delivery = new JobDelivery(new JobDelivery.Parts(spool, book, job -> routeFor(routes, job), manager,
                jobs, transports, clock), warnings.alert() ? job -> {
                    // Receiver warnings are success; alerted only where zorgbrug.gateway.warnings.alert is set.
                    nl.zorgbrug.gateway.job.JobAlerts.logged().raised(job);
                    registry.counter("zorgbrug.job.alerts", "state", "WARNING", "direction", job.direction().name())
                            .increment();
                } : null);
        // Started by the node's recovery, once interrupted jobs are waiting again (nodeRecovery).
        return new JobRunner(jobs, delivery, clock, Duration.ofSeconds(1), 4);
    }

    /** The study manifests of jobs (sent on export, received on import). */
    @Bean
    ManifestRepository manifestRepository(JdbcTemplate jdbc) {
        return new JdbcManifestRepository(jdbc);
    }

    static ManifestPolicy manifestPolicy(GatewayProperties gateway, String routeName) {
        return gateway.routes().stream().filter(r -> r.name().equals(routeName)).map(GatewayProperties.RouteProperties::manifest)
                .findFirst().orElse(ManifestPolicy.WITH_REMARK);
    }

    static Route routeFor(List<Route> routes, Job job) {
        return RouteTable.routeFor(routes, job);
    }

    @Bean
    nl.zorgbrug.gateway.send.StudySender studySender(AddressBook book, List<Route> routes, JobManager manager,
                                                     GatewayProperties gateway, Clock clock) {
        String ownPacs = routes.stream().filter(r -> r.direction() == Direction.IMPORT).map(Route::destination)
                .findFirst().orElse("ownpacs");
        return new nl.zorgbrug.gateway.send.StudySender(book, routes, manager, new Connector(AssociationOptions.DEFAULT),
                gateway.callingAeTitle(), ownPacs, clock);
    }

    /**
     * The one intake of all routes, for every inbound transport, and the in-process listeners of what it (and the
     * job manager) publish: the metrics, the study manifest's receiving side, the emergency wake-up. A new module
     * (audit, compliance, registry) subscribes to {@code events} here, durably when it must miss nothing.
     */
    @Bean
    Intake intake(GatewayProperties gateway, Spool spool, List<Route> routes, JobManager manager, JobRepository jobs,
                  QuarantineRepository quarantine, Clock clock, EventHub events, JobRunner runner, Arrivals arrivals,
                  GatewayMetrics metrics, ManifestRepository manifests) {
        events.subscribe(metrics);
        events.subscribe(new ManifestReceiver(manager, jobs, manifests, clock));
        events.subscribe(new EmergencyWakeUp(arrivals, runner::wake));
        return new Intake(new Intake.Parts(spool, routes, manager, jobs, quarantine, gateway.quietTime(), clock,
                events));
    }

    /**
     * Crash recovery, once, before the DICOM listener and the HTTP endpoints accept anything (both depend on this
     * bean, and Spring starts the web server only after every bean is made) and before the delivery runner starts
     * ({@link #deliveryStart}).
     */
    @Bean
    NodeRecovery.Report nodeRecovery(Spool spool, JobManager manager, Intake intake, EventHub events, JobRunner runner)
            throws IOException {
        NodeRecovery.Report report = new NodeRecovery(spool, manager, intake, events).run();
        if (report.interruptedJobs() > 0) {
            LOG.warn("{} jobs were in progress when the node stopped; they are waiting to be sent again",
                    report.interruptedJobs());
        }
        if (report.readmittedObjects() > 0) {
            LOG.warn("{} objects in the spool were not recorded in the database (it lost its last commits, as H2 can"
                    + " in a power cut); they were admitted to their routes again", report.readmittedObjects());
        }
        return report;
    }

    /**
     * The delivery runner starts once the node has started whole, not while its beans are made: a registration job
     * (channel REGISTRY) sends with IPF's producer on the node's Camel context, which starts among the last, and a
     * node that is its own registry serves ITI-42 only from then on. Started earlier, a node restarted with jobs due
     * (after a kill, RegistrationKillTest) spent their attempts on its own start ("got no answer") and, with a short
     * backoff, gave them up (FAILED) before it had started. The DICOM listener and the HTTP endpoints take objects
     * before this, as before: they only spool and record.
     */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
            deliveryStart(JobRunner runner, NodeRecovery.Report recovered) {
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        return ready -> {
            if (started.compareAndSet(false, true)) {
                runner.start();
            }
        };
    }

    /** C-STORE into the intake. */
    @Bean
    GatewayStoreHandler storeHandler(Intake intake) {
        return new GatewayStoreHandler(intake);
    }

    /** STOW-RS into the intake; the web layer's controller adapts HTTP to it. */
    @Bean
    StowRs stowRs(Intake intake, NodeRecovery.Report recovered) {
        return new StowRs(intake);
    }

    /**
     * Drains the node when it is stopped (issue 22): health 503, no new association or job, the open ones finish or
     * hand back, within {@code zorgbrug.node.drain}; {@code drain} in {@code /actuator/health}.
     */
    @Bean
    NodeDrain drain(Acceptor dicomAcceptor, JobRunner runner, NodeProperties node,
                    nl.zorgbrug.gateway.job.Leases leases,
                    org.springframework.beans.factory.ObjectProvider<nl.zorgbrug.hl7.mllp.MllpServer> hl7) {
        return new NodeDrain(dicomAcceptor, hl7.getIfAvailable(), runner, node.node().drain(), leases.nodeId());
    }

    @Bean(destroyMethod = "close")
    Acceptor dicomAcceptor(GatewayProperties gateway, List<Route> routes, GatewayStoreHandler handler,
                           NodeRecovery.Report recovered,
                           CommitmentTracker commitments, CommitmentScp commitmentScp, AddressBook book,
                           org.springframework.beans.factory.ObjectProvider<TlsConfig> tls) throws IOException {
        Map<String, Set<String>> aeTitles = new LinkedHashMap<>();
        aeTitles.put(gateway.callingAeTitle(), Set.of());
        for (GatewayProperties.RouteProperties r : gateway.routes()) {
            aeTitles.put(r.calledAeTitle(), new HashSet<>(r.allowedCallers()));
        }
        TlsConfig tlsConfig = tls.getIfAvailable();
        DicomServer server = new DicomServer(aeTitles, routes.isEmpty() ? null : handler)
                .withCommitmentHandler(commitments)
                .withCommitmentProvider(commitmentScp, gateway.commitmentLinger());
        if (tlsConfig != null) {
            // Issue 5: an institution's AE title calling our TLS listener must present the certificate subject
            // its address-book entry names (asked per association, so edits apply at once). A rejection is
            // logged by the toolkit with the calling AE title and the subject presented.
            server = server.withCertificateBinding(ae -> book.byAeTitle(ae).map(Institution::certificateSubject)
                    .orElse(null));
        }
        Acceptor acceptor = tlsConfig == null
                ? new Acceptor(server, server, AssociationOptions.DEFAULT, gateway.maxAssociations())
                : new Acceptor(server, server, AssociationOptions.DEFAULT, gateway.maxAssociations(),
                tlsConfig.serverSocketFactory());
        acceptor.withMaxConnectionsPerAddress(gateway.maxConnectionsPerAddress());
        acceptor.start(InetAddress.getByName(gateway.bind()), gateway.port());
        LOG.info("DICOM listener on {}:{}{} for AE titles {}", gateway.bind(), acceptor.port(),
                tlsConfig == null ? "" : " (TLS)", aeTitles.keySet());
        return acceptor;
    }
}
