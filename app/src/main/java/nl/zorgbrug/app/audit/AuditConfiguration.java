package nl.zorgbrug.app.audit;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.gateway.GatewayAuditor;
import nl.zorgbrug.audit.gateway.PatientLookup;
import nl.zorgbrug.audit.gateway.People;
import nl.zorgbrug.audit.gateway.ReferralLookup;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * The audit trail in the node (issue 17, docs/audit.md): the signing key in {@code <data-dir>/audit}, the trail in the
 * database (V16), the gateway's events taken into it by the {@link AuditPump}, and the console's logins
 * ({@link SecurityAuditListener}). The gateway auditor is subscribed to the events by NodeConfiguration, where the
 * event hub is made, so no event is published before the outbox is kept.
 */
@Configuration
public class AuditConfiguration {

    @Bean
    NodeKey auditKey(NodeProperties node) throws IOException {
        return NodeKey.loadOrCreate(node.dataDir().resolve("audit"));
    }

    @Bean
    AuditTrail auditTrail(DataSource dataSource, NodeKey key, Clock clock) {
        return new AuditTrail(new JdbcAuditStore(dataSource), key, clock);
    }

    /** The node as an actor, for its own organisation. */
    @Bean
    AuditActors auditActors(AuditProperties settings, UserDetailsService users,
                            nl.zorgbrug.app.security.TokenUsers tokenUsers) {
        Ura ura = settings.organisationUra() == null ? null : new Ura(settings.organisationUra());
        return new AuditActors(Actor.system(settings.nodeName(), ura), ura, users, tokenUsers);
    }

    /**
     * Who a job is for. A job keeps the Patient ID its first object arrived with (an export the local number, an
     * import the sender's BSN); the MPI adds the other, so the trail has both and the patient's overview, asked by
     * BSN, finds the exports too.
     */
    @Bean
    PatientLookup jobPatients(JobRepository jobs, JobQueries queries, PatientIds patientIds) {
        // Another institution's Patient ID names none of our patients (PatientIds): the event then names no patient.
        return jobId -> jobs.find(jobId)
                .map(job -> queries.patients(List.of(job)).get(jobId))
                .flatMap(p -> p == null || p.id() == null || p.id().isBlank() ? Optional.empty()
                        : patientIds.patient(new nl.zorgbrug.app.access.ShownPatients.IssuedId(p.id(), p.issuer(),
                        p.direction())));
    }

    /**
     * The referral a job goes out on (issue 17, "Enforcement"): the job's referral reason (the send form's, or a study
     * manifest's) and the latest person's send in its history (the send form, issue 5), for the legal basis of its
     * export events. Only the export events of a batch ask it, once per job.
     */
    @Bean
    ReferralLookup jobReferrals(JobRepository jobs, JobQueries queries) {
        return jobId -> jobs.find(jobId).map(job -> {
            JobQueries.HistoryEntry send = null;
            for (JobQueries.HistoryEntry step : queries.history(jobId)) {
                if ("send".equals(step.action()) && !step.automatic()) {
                    send = step;
                }
            }
            return new ReferralLookup.JobReferral(job.referralReason(), send == null ? null : send.user(),
                    send == null ? null : send.at());
        });
    }

    /** Who a Patient ID names: ours through the MPI, another institution's as it came (issue 17). */
    @Bean
    PatientIds patientIds(nl.zorgbrug.bsn.mpi.MasterPatientIndex mpi, nl.zorgbrug.bsn.swap.SwapPolicy policy) {
        return new PatientIds(mpi, policy.localIssuer());
    }

    /** The gateway auditor: receives, sends, quarantine and people's actions on jobs, from the job events. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "zorgbrug.audit.enabled",
            havingValue = "true", matchIfMissing = true)
    GatewayAuditor gatewayAuditor(AuditTrail trail, AuditActors actors, PatientLookup patients,
                                  ReferralLookup referrals) {
        return new GatewayAuditor(trail, actors.node(), patients, actors::person, referrals);
    }

    /** Every page and API response with patient data leaves its event ({@link PatientData}), in one place. */
    @Bean
    PatientDataAuditor patientDataAuditor(AuditTrail trail, AuditActors actors, PatientLookup patients,
                                          nl.zorgbrug.gateway.quarantine.QuarantineRepository quarantine,
                                          PatientIds patientIds, AuditProperties settings, Clock clock) {
        return new PatientDataAuditor(trail, actors, patients, quarantine, patientIds::ofId, patientIds::of,
                settings.repeatWindow(), clock);
    }

    /** A REST list's event before its body is written ({@link PatientDataAuditor}). */
    @Bean
    ShownPatientsBodyAdvice shownPatientsBodyAdvice(PatientDataAuditor auditor) {
        return new ShownPatientsBodyAdvice(auditor);
    }

    /** Every change of the configuration at run time leaves its event ({@link nl.zorgbrug.app.access.ConfigurationChange}). */
    @Bean
    ConfigurationChangeAuditor configurationChangeAuditor(AuditTrail trail, AuditActors actors, Clock clock) {
        return new ConfigurationChangeAuditor(trail, actors, clock);
    }

    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer patientDataAuditing(PatientDataAuditor auditor,
            ConfigurationChangeAuditor changes) {
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
                registry.addInterceptor(auditor);
                registry.addInterceptor(changes);
            }
        };
    }

    /**
     * {@code zorgbrug.audit.enabled: false} is for the benchmark only (docs/benchmarks.md: the gateway's images/s with
     * auditing on and off in one run): the gateway's events are then neither kept in the outbox nor taken into the
     * trail, which NEN 7513 does not allow in production. Said loudly at every start.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "zorgbrug.audit.enabled",
            havingValue = "false")
    org.springframework.boot.ApplicationRunner auditOffWarning() {
        return args -> org.slf4j.LoggerFactory.getLogger(AuditConfiguration.class).warn("audit: zorgbrug.audit.enabled"
                + " is false: the gateway's receives and sends are NOT written to the audit trail. For benchmarks"
                + " only; NEN 7513 requires it on. Remove the setting.");
    }

    @Bean
    AuditPump auditPump(EventHub events, AuditTrail trail, AuditProperties settings) {
        return new AuditPump(events, trail, settings.flushInterval(), settings.checkpointInterval());
    }

    /** The patient's overview (Wabvpz art. 15d), read from the trail, its opening logged. */
    @Bean
    nl.zorgbrug.audit.overview.OverviewService overviewService(DataSource dataSource, AuditTrail trail, Clock clock) {
        return new nl.zorgbrug.audit.overview.OverviewService(new JdbcAuditStore(dataSource), trail, clock);
    }

    /** The privacy officer's search of the trail, each search logged. */
    @Bean
    nl.zorgbrug.audit.overview.TrailSearch trailSearch(DataSource dataSource, AuditTrail trail, Clock clock) {
        return new nl.zorgbrug.audit.overview.TrailSearch(new JdbcAuditStore(dataSource), trail, clock);
    }

    /** The settings' changes since the last start (users, roles, routes, everything under zorgbrug.*) into the trail. */
    @Bean
    SettingsAudit settingsAudit(org.springframework.core.env.ConfigurableEnvironment environment, NodeProperties node,
                                DataSource dataSource,
                                org.springframework.transaction.support.TransactionTemplate transaction,
                                AuditTrail trail, AuditActors actors, Clock clock) {
        return new SettingsAudit(environment, node, dataSource, transaction, trail, actors, clock);
    }

    @Bean
    SecurityAuditListener securityAuditListener(AuditTrail trail, AuditActors actors, Clock clock) {
        return new SecurityAuditListener(trail, actors, clock);
    }

    /**
     * Tells Spring (and so {@link SecurityAuditListener}) when the container ends a session, so that a console session
     * that timed out is a LOGOUT in the trail.
     */
    @Bean
    org.springframework.security.web.session.HttpSessionEventPublisher httpSessionEventPublisher() {
        return new org.springframework.security.web.session.HttpSessionEventPublisher();
    }

    /**
     * Who acts: the node itself, and a user of the console with the role the trail records: a local user
     * ({@code zorgbrug.users}) or a person who logged in through the hospital's identity provider (issue 17), with
     * the name, role and organisation (URA) the token gave.
     */
    public record AuditActors(Actor node, Ura organisation, UserDetailsService users,
                              nl.zorgbrug.app.security.TokenUsers tokenUsers) implements People {

        /**
         * A user by name, with the most powerful of the user's roles: a local user, else one who logged in through
         * the identity provider since the node started; any other name has role UNKNOWN.
         */
        public Actor person(String userId) {
            try {
                return Actor.person(userId, userId, roleOf(users.loadUserByUsername(userId).getAuthorities()
                        .stream().map(GrantedAuthority::getAuthority).toList()), organisation);
            } catch (UsernameNotFoundException notLocal) {
                return tokenUsers.find(userId).map(this::person)
                        .orElseGet(() -> Actor.person(userId, userId, Role.UNKNOWN, organisation));
            }
        }

        /** The logged-in user of a request, a login or a logout. */
        public Actor of(org.springframework.security.core.Authentication who) {
            if (who.getPrincipal() instanceof nl.zorgbrug.app.security.HospitalUser token) {
                return person(token.person());
            }
            return Actor.person(who.getName(), who.getName(), roleOf(who.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).toList()), organisation);
        }

        /**
         * A person as the identity provider's token names them: its user id and name, the role the mapped claim
         * gives (UNKNOWN when none does: a refused login), and the URA claim when it holds a URA (8 digits), else
         * the node's own organisation.
         */
        public Actor person(nl.zorgbrug.app.security.TokenClaims.TokenPerson token) {
            Role role = roleOf(token.roles().stream().map(r -> "ROLE_" + r.name()).toList());
            Ura ura = token.ura() != null && token.ura().matches("\\d{8}") ? new Ura(token.ura()) : organisation;
            return Actor.person(token.userId(), token.name(), role, ura);
        }

        @Override
        public Actor actor(String userId) {
            return person(userId);
        }

        /** The role recorded for a user with these authorities (ROLE_ADMIN, ...): the first in the order below. */
        public static Role roleOf(List<String> authorities) {
            List<String> roles = authorities.stream().map(a -> a.toUpperCase(Locale.ROOT).replaceFirst("^ROLE_", ""))
                    .toList();
            for (Role r : List.of(Role.ADMIN, Role.PRIVACY_OFFICER, Role.AUDITOR, Role.QUALITY_OFFICER, Role.OPERATOR,
                    Role.CLINICIAN)) {
                if (roles.contains(r.name())) {
                    return r;
                }
            }
            return roles.contains("SENDER") || roles.contains("MITZ") ? Role.REMOTE_SYSTEM : Role.UNKNOWN;
        }
    }
}
