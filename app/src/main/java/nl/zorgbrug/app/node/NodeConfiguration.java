package nl.zorgbrug.app.node;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.addressbook.JdbcAddressBook;
import nl.zorgbrug.app.jobs.JdbcEventOutbox;
import nl.zorgbrug.app.jobs.JdbcJobRepository;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.ChannelAddressBook;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.spool.DiskReserve;
import nl.zorgbrug.gateway.spool.DiskReserves;
import nl.zorgbrug.gateway.spool.FreeSpace;
import nl.zorgbrug.gateway.spool.Spool;

/** Makes the domain objects of the gateway module available to the web layer. */
@Configuration
public class NodeConfiguration {

    /** Unknown zorgbrug.* keys stop the start before any bean is made (static: a bean factory post-processor). */
    @Bean
    static SettingKeysCheck settingKeysCheck() {
        return new SettingKeysCheck();
    }

    /** After H2 has closed the database the pool drops every connection (DatabasePool). Static: a post-processor. */
    @Bean
    static DatabasePool databasePool() {
        return new DatabasePool();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The spool; what a crash left half-written is removed by the node's recovery (gateway NodeRecovery). It refuses
     * new objects while the spool's disk, or the disk of an embedded database's file, is below its reserve (issue 15,
     * blocker 4: they may be different file systems, and H2 closes the database when its disk runs full).
     */
    @Bean
    Spool spool(NodeProperties properties,
                @org.springframework.beans.factory.annotation.Value("${spring.datasource.url:}") String databaseUrl)
            throws IOException {
        return new Spool(properties.spoolDir(), diskReserves(properties, databaseUrl));
    }

    static DiskReserves diskReserves(NodeProperties properties, String databaseUrl) {
        List<DiskReserve> reserves = new ArrayList<>();
        reserves.add(new DiskReserve("spool", properties.spoolDir(), properties.spoolMinFree().toBytes(),
                "zorgbrug.spool-min-free"));
        DatabaseFiles.directoryOf(databaseUrl).ifPresent(dir -> reserves.add(new DiskReserve("database", dir,
                properties.databaseMinFree().toBytes(), "zorgbrug.database-min-free")));
        return new DiskReserves(reserves, FreeSpace.fileStore());
    }

    /**
     * The node's disk check in its health ({@code diskSpace}), in place of Spring Boot's, which watches the working
     * directory with a 10 MB threshold and stayed UP while the data directory was full (issue 15, blocker 4).
     */
    @Bean
    DiskSpaceHealth diskSpaceHealthIndicator(Spool spool) {
        return new DiskSpaceHealth(spool.reserves());
    }

    /** One repository, two ports: {@code JobRepository} for the domain, {@code JobQueries} for the console's reads. */
    @Bean
    JdbcJobRepository jobRepository(JdbcTemplate jdbc) {
        return new JdbcJobRepository(jdbc);
    }

    /**
     * The stored address book, with the download link's destination (issue 21) added, and the XDS registry's when the
     * node registers its studies (issue 20): the link route and the registration route name them, and their endpoints
     * make the job runner hand those routes' jobs to the link transport and the registration transport.
     */
    @Bean
    AddressBook addressBook(JdbcTemplate jdbc,
                            @org.springframework.beans.factory.annotation.Value("${zorgbrug.transport.link.destination:link}")
                            String linkDestination,
                            org.springframework.beans.factory.ObjectProvider<ChannelAddressBook.Channel> channels) {
        AddressBook book = new nl.zorgbrug.transport.link.LinkAddressBook(new JdbcAddressBook(jdbc), linkDestination);
        // A module with a channel destination of its own (the XDS registry) gives it as a bean.
        for (ChannelAddressBook.Channel channel : channels.orderedStream().toList()) {
            book = new ChannelAddressBook(book, channel);
        }
        return book;
    }

    /** The institutions' SFTP drops (issue 21), which the address book merges into its entries. */
    @Bean
    nl.zorgbrug.app.addressbook.JdbcSftpEndpoints sftpEndpoints(JdbcTemplate jdbc) {
        return new nl.zorgbrug.app.addressbook.JdbcSftpEndpoints(jdbc);
    }

    /**
     * The gateway's units of work as database transactions. After-commit work (the events' in-process listeners)
     * runs once the transaction template has returned, so a listener that changes a job runs in a new transaction,
     * not in the finished one (as it would inside Spring's own afterCommit callbacks).
     */
    @Bean
    Transactions transactions(org.springframework.transaction.PlatformTransactionManager transactionManager) {
        var template = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        return Transactions.around(new Transactions.Unit() {
            @Override
            public <T> T run(java.util.function.Supplier<T> work) {
                return template.execute(status -> work.get());
            }
        });
    }

    /**
     * The gateway's events: the job manager, the quarantine desk and the intake publish, listeners subscribe. The
     * audit trail (issue 17) and the compliance measurement (issue 18) subscribe here, when the hub is made, so no
     * event is published before it is kept; each keeps its own position in the outbox.
     */
    @Bean
    EventHub gatewayEvents(Transactions transactions, JdbcTemplate jdbc,
                           org.springframework.beans.factory.ObjectProvider<nl.zorgbrug.audit.gateway.GatewayAuditor> audit,
                           org.springframework.beans.factory.ObjectProvider<nl.zorgbrug.compliance.joblog.JobLogRecorder> compliance) {
        EventHub hub = new EventHub(transactions, new JdbcEventOutbox(jdbc));
        audit.ifAvailable(auditor -> hub.subscribeInBatches(nl.zorgbrug.audit.gateway.GatewayAuditor.SUBSCRIPTION, auditor));
        compliance.ifAvailable(recorder -> hub.subscribeInBatches(nl.zorgbrug.compliance.joblog.JobLogRecorder.SUBSCRIPTION, recorder));
        return hub;
    }

    /**
     * This node's leases on the jobs it delivers (issue 22). The default name, host name and DICOM port, is unique on a
     * host (two nodes cannot listen on one port) and the same after a restart, so a restarted node takes back its own
     * jobs at once instead of waiting for their leases to pass.
     */
    @Bean
    nl.zorgbrug.gateway.job.Leases leases(NodeProperties properties,
                                          @org.springframework.beans.factory.annotation.Value("${zorgbrug.gateway.port:11112}")
                                          int dicomPort) {
        NodeProperties.Node node = properties.node();
        String id = node.id() == null || node.id().isBlank() ? hostName() + ":" + dicomPort : node.id().trim();
        return new nl.zorgbrug.gateway.job.Leases(id, node.lease(), node.leaseMargin());
    }

    /**
     * Every meter carries {@code node} with this node's id (issue 22: "metrics per node"), so a Prometheus scraping
     * several nodes behind one proxy tells their series apart even where its own {@code instance} label is the
     * proxy's. Applied when the registry is made, before any meter registers.
     */
    @Bean
    org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer<io.micrometer.core.instrument.MeterRegistry>
            nodeTag(nl.zorgbrug.gateway.job.Leases leases) {
        return registry -> registry.config().commonTags("node", leases.nodeId());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Bean
    JobManager jobManager(JobRepository jobs, NodeProperties properties, Clock clock, Transactions transactions,
                          EventHub events, io.micrometer.core.instrument.MeterRegistry registry,
                          nl.zorgbrug.gateway.job.Leases leases) {
        nl.zorgbrug.gateway.job.JobAlerts log = nl.zorgbrug.gateway.job.JobAlerts.logged();
        NodeProperties.Retry r = properties.retry();
        return new JobManager(jobs, new RetryPolicy(r.initial(), r.factor(), r.max(), r.maxAttempts()), clock,
                transactions, job -> {
                    log.raised(job);
                    // For a Prometheus alert rule: increase(zorgbrug_job_alerts_total[5m]) > 0
                    registry.counter("zorgbrug.job.alerts", "state", job.state().name(), "direction",
                            job.direction().name()).increment();
                }, events, leases);
    }
}
