package nl.zorgbrug.app.node;

import java.io.IOException;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.addressbook.JdbcAddressBook;
import nl.zorgbrug.app.jobs.JdbcJobRepository;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.spool.Spool;

/** Makes the domain objects of the gateway module available to the web layer. */
@Configuration
public class NodeConfiguration {

    /** Unknown zorgbrug.* keys stop the start before any bean is made (static: a bean factory post-processor). */
    @Bean
    static SettingKeysCheck settingKeysCheck() {
        return new SettingKeysCheck();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Spool spool(NodeProperties properties) throws IOException {
        Spool spool = new Spool(properties.spoolDir(), properties.spoolMinFree().toBytes());
        // Objects half-written when the node stopped were never acknowledged; their senders resend them.
        spool.recover();
        return spool;
    }

    @Bean
    JdbcJobRepository jobRepository(JdbcTemplate jdbc) {
        return new JdbcJobRepository(jdbc);
    }

    @Bean
    JdbcAddressBook addressBook(JdbcTemplate jdbc) {
        return new JdbcAddressBook(jdbc);
    }

    @Bean
    JobManager jobManager(JdbcJobRepository jobs, NodeProperties properties, Clock clock,
                          org.springframework.transaction.PlatformTransactionManager transactionManager,
                          io.micrometer.core.instrument.MeterRegistry registry) {
        nl.zorgbrug.gateway.job.JobAlerts log = nl.zorgbrug.gateway.job.JobAlerts.logged();
        NodeProperties.Retry r = properties.retry();
        var template = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        return new JobManager(jobs, new RetryPolicy(r.initial(), r.factor(), r.max(), r.maxAttempts()), clock,
                new nl.zorgbrug.gateway.job.Transactions() {
                    @Override
                    public <T> T inOne(java.util.function.Supplier<T> work) {
                        return template.execute(status -> work.get());
                    }
                }, job -> {
                    log.raised(job);
                    // For a Prometheus alert rule: increase(zorgbrug_job_alerts_total[5m]) > 0
                    registry.counter("zorgbrug.job.alerts", "state", job.state().name(), "direction",
                            job.direction().name()).increment();
                });
    }
}
