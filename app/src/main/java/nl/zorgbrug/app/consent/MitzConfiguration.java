package nl.zorgbrug.app.consent;

import java.time.Clock;

import javax.security.auth.x500.X500Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.audit.AuditProperties;
import nl.zorgbrug.audit.consent.mitz.MitzLocator;
import nl.zorgbrug.audit.consent.mitz.MitzSubscription;
import nl.zorgbrug.audit.consent.mitz.SoapMitzClient;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditTrail;

/**
 * Mitz in the node beyond the closed question (issue 17): the open question ({@link MitzLocator}, "which holders have
 * the patient's consent for us"), and the FHIR Subscription to consent changes ({@link MitzSubscription}): the node
 * subscribes at start and takes Mitz's notifications at {@code POST /mitz/notifications}, a path of its own whose
 * only caller is Mitz, authenticated by its TLS client certificate (the subject in
 * {@code zorgbrug.consent.mitz-certificate-subject}, the certificate checked against the trust store of the node's
 * own TLS, {@code server.ssl.*} with {@code client-auth: want}). docs/audit.md, "Mitz in the node".
 */
@Configuration
public class MitzConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(MitzConfiguration.class);

    /** The open question, when Mitz's endpoint is configured (with or without MITZ as the consent source). */
    @Bean
    @ConditionalOnProperty("zorgbrug.consent.mitz-url")
    MitzLocator mitzLocator(ConsentProperties settings, AuditTrail trail, Clock clock) {
        return new MitzLocator(new SoapMitzClient(settings.mitzUrl(), settings.mitzTimeout(), clock), trail, clock);
    }

    /** The subscription to consent changes, when Mitz's FHIR base is configured. */
    @Bean
    @ConditionalOnProperty("zorgbrug.consent.mitz-fhir-url")
    MitzSubscription mitzSubscription(ConsentProperties settings, AuditProperties audit, AuditTrail trail,
                                      Clock clock) {
        if (audit.organisationUra() == null) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.audit.organisation-ura", null,
                    "the hospital's URA, required with zorgbrug.consent.mitz-fhir-url: Mitz notifies changes of the"
                            + " consents for this holder");
        }
        return new MitzSubscription(settings.mitzFhirUrl(), new Ura(audit.organisationUra()), settings.mitzTimeout(),
                trail, clock);
    }

    /**
     * Subscribes at start. A Mitz that refuses or cannot be reached is said in the log and the node starts all the
     * same: it asks Mitz at every decision and keeps nothing of it, so without notifications it misses no change; it
     * only lacks the change's record for the overview until the subscription succeeds (the next start).
     */
    @Bean
    ApplicationRunner mitzSubscribe(ObjectProvider<MitzSubscription> subscription, ConsentProperties settings) {
        return args -> subscription.ifAvailable(s -> {
            try {
                String id = s.subscribe(settings.mitzCallbackUrl());
                LOG.info("mitz: subscribed to consent changes (subscription {}), notifications to {}", id,
                        settings.mitzCallbackUrl());
            } catch (nl.zorgbrug.audit.consent.mitz.MitzException e) {
                LOG.warn("mitz: the subscription to consent changes at {} failed ({}): {}; decisions still ask Mitz"
                        + " every time, only the changes' records for the overview are missing; check"
                        + " zorgbrug.consent.mitz-fhir-url and restart", settings.mitzFhirUrl(), e.kind(),
                        e.getMessage());
            }
        });
    }

    /**
     * The chain of {@code /mitz/**}: Mitz's client certificate is the only login (X.509; a subject that is not
     * {@code mitz-certificate-subject} logs in nobody), no session, no CSRF token (no cookie to forge with), and
     * AccessPolicy's table decides as everywhere (role MITZ).
     */
    @Bean
    @Order(2)
    SecurityFilterChain mitzChain(HttpSecurity http, ConsentProperties settings) throws Exception {
        http.securityMatcher(request -> request.getServletPath().startsWith("/mitz/"))
                .x509(x509 -> x509.x509PrincipalExtractor(certificate -> certificate.getSubjectX500Principal()
                                .getName(X500Principal.RFC2253))
                        .userDetailsService(subject -> {
                            if (!settings.isMitz(new X500Principal(subject))) {
                                throw new UsernameNotFoundException("the client certificate '" + subject + "' is not"
                                        + " Mitz's (zorgbrug.consent.mitz-certificate-subject)");
                            }
                            return User.withUsername("mitz").password("").roles(AccessPolicy.UserRole.MITZ.name())
                                    .build();
                        }))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll()
                        .anyRequest().access(new AccessPolicy()))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /** For the controllers: the configured part of Mitz, or {@link MitzNotConfigured} naming the keys. */
    static <T> T required(ObjectProvider<T> configured, String what, String keys) {
        T found = configured.getIfAvailable();
        if (found == null) {
            throw new MitzNotConfigured(what + " is not configured: set " + keys);
        }
        return found;
    }

    /** A Mitz endpoint of the node called while its settings are missing (answered 404 with the keys). */
    static final class MitzNotConfigured extends RuntimeException {
        MitzNotConfigured(String message) {
            super(message);
        }
    }

}
