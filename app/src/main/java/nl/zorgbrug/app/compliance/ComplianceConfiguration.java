package nl.zorgbrug.app.compliance;

import java.time.Clock;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.compliance.joblog.JobLogRecorder;
import nl.zorgbrug.compliance.measure.ForeignerRule;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * The measurement over the job log in the node (issue 18, docs/compliance.md): the recorder subscribed to the gateway's
 * events (by NodeConfiguration, where the hub is made), its pump, the queries, and the Prometheus gauge.
 */
@Configuration
public class ComplianceConfiguration {

    @Bean
    JdbcMeasurementStore measurementStore(JdbcTemplate jdbc) {
        return new JdbcMeasurementStore(jdbc);
    }

    /** The same classifier as the routes' (no exemption rules), so the evidence explains the verdict counted. */
    @Bean
    JobLogRecorder complianceRecorder(JdbcMeasurementStore store, Transactions transactions, AddressBook addressBook,
                                          MasterPatientIndex mpi, SwapPolicy policy, ComplianceProperties settings,
                                          nl.zorgbrug.gateway.spool.Spool spool) {
        return new JobLogRecorder(store, transactions, addressBook, mpi, new BsnClassifier(ExemptionRules.none()),
                new ForeignerRule(Set.copyOf(settings.foreignerIssuers()), Set.of(policy.localIssuer())), spool);
    }

    @Bean
    CompliancePump compliancePump(EventHub events, ComplianceProperties settings, ComplianceDigests digests) {
        return new CompliancePump(events, settings.flushInterval(), settings.digest().automatic() ? digests::automatic : null);
    }

    @Bean
    ComplianceDigests complianceDigests(ComplianceMeasurements measurements, AddressBook addressBook, JdbcTemplate jdbc,
                                        ComplianceProperties settings, nl.zorgbrug.app.node.NodeProperties node,
                                        nl.zorgbrug.audit.trail.AuditTrail trail,
                                        nl.zorgbrug.app.audit.PatientIds patientIds,
                                        nl.zorgbrug.app.audit.AuditConfiguration.AuditActors actors, Clock clock) {
        ComplianceProperties.Digest d = settings.digest();
        java.nio.file.Path export = d.exportDir() != null ? d.exportDir()
                : node.dataDir().resolve("compliance").resolve("digests");
        return new ComplianceDigests(measurements, addressBook, new JdbcDigestStore(jdbc),
                new DigestDelivery(d.smtp(), export), d, trail, patientIds, actors.node(), clock);
    }

    @Bean
    ComplianceMeasurements complianceMeasurements(JdbcMeasurementStore store, EventHub events, Transactions transactions,
                                                  JobRepository jobs, Clock clock, MeterRegistry registry) {
        ComplianceMeasurements m = new ComplianceMeasurements(store, events, transactions, jobs, clock);
        for (Direction d : Direction.values()) {
            // For a Prometheus alert rule: zorgbrug_compliance_correct_share_percent{direction="IMPORT"} < 95
            // (NaN when no study counted in the last 7 days).
            Gauge.builder("zorgbrug.compliance.correct.share", m, x -> x.measure(x.lastDays(7))
                            .share(Measurement.Filter.of(d, x.lastDays(7))).percent())
                    .description("Share of studies with the BSN correct, per direction, over the last 7 days"
                            + " (exempt studies left out)")
                    .baseUnit("percent").tag("direction", d.name()).register(registry);
        }
        return m;
    }
}
