package nl.zorgbrug.app.bgz;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.rest.server.RestfulServer;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenLookup;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.referral.BgzReferralSender;
import nl.zorgbrug.bgz.referral.BgzTaskReceiver;
import nl.zorgbrug.bgz.referral.IssuedTokenStore;
import nl.zorgbrug.bgz.referral.IssuedTokens;
import nl.zorgbrug.app.audit.AuditProperties;
import nl.zorgbrug.bgz.r4.BgzR4Server;
import nl.zorgbrug.bgz.receive.BgzInbox;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.token.ConsentTokens;
import nl.zorgbrug.bgz.token.TokenServlet;
import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.bsn.Bsn;

/**
 * The BgZ serving endpoints (issue 19): HAPI's plain RestfulServer as a servlet at {@code /fhir/stu3/*} and a
 * second one at {@code /fhir/r4/*} (no HAPI starter, no JPA server), over the store in the node's database, with the
 * consent service and the audit trail.
 */
@Configuration
public class BgzConfiguration {

    @Bean
    ResourceStore bgzStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new JdbcBgzStore(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    TokenTable bgzTokens(BgzProperties settings) {
        List<AccessToken> tokens = new ArrayList<>();
        int i = 0;
        for (BgzProperties.Token t : settings.tokens()) {
            String key = "zorgbrug.bgz.tokens[" + i++ + "]";
            if (t.token() == null || t.token().isBlank()) {
                throw new IllegalArgumentException(key + ".token is empty: give each BgZ token its bearer value");
            }
            Bsn bsn = null;
            if (t.bsn() != null && !t.bsn().isBlank()) {
                if (!Bsn.isValid(t.bsn())) {
                    throw new IllegalArgumentException(key + ".bsn (" + Bsn.mask(t.bsn()) + ") fails the 11-proof:"
                            + " give the BSN of the patient this token reads");
                }
                bsn = Bsn.parse(t.bsn());
                if (t.ura() == null || t.ura().isBlank()) {
                    throw new IllegalArgumentException(key + ".ura is missing: a token that reads a patient acts for"
                            + " one requesting organisation, named by its URA (8 digits)");
                }
            }
            if (t.notifier() && (t.ura() == null || t.ura().isBlank())) {
                throw new IllegalArgumentException(key + ".ura is missing: a token that may post Tasks is issued to one"
                        + " institution, named by its URA (8 digits)");
            }
            if (t.requester()) {
                if (bsn != null) {
                    throw new ConfigurationError(key + ".bsn", Bsn.mask(t.bsn()), "no BSN with requester=true: an "
                            + "organisation credential reads nobody itself, it asks the token endpoint for a token per "
                            + "patient; give the patient's token its own entry");
                }
                if (t.ura() == null || !t.ura().strip().matches("\\d{8}")) {
                    throw new ConfigurationError(key + ".ura", t.ura(), "the URA (8 digits) of the institution this "
                            + "organisation credential (requester=true) was issued to");
                }
            }
            tokens.add(new AccessToken(t.token(), bsn, bsn == null && !t.notifier() && !t.requester() ? null
                    : new Ura(t.ura().strip()),
                    t.institutionType() == null || t.institutionType().isBlank() ? "V4" : t.institutionType(),
                    t.feed(), t.notifier(), null, java.util.Set.of(), t.requester()));
        }
        return new TokenTable(tokens);
    }

    @Bean
    IssuedTokenStore bgzIssuedTokens(JdbcTemplate jdbc) {
        return new JdbcIssuedTokenStore(jdbc);
    }

    /** The configured tokens, then those issued with Notified Pull Tasks (expired ones are unknown). */
    private static TokenLookup lookup(TokenTable table, IssuedTokenStore issued, Clock clock) {
        return table.or(new IssuedTokens(issued, clock));
    }

    /**
     * The consent flow's token endpoint (OAuth 2.0 client credentials, RFC 6749 §4.4): an institution of the address
     * book, authenticated by the organisation credential this hospital issued it ({@code requester: true} in
     * {@code zorgbrug.bgz.tokens}), gets a token for one patient who consented; tokens issued here sit in the same
     * table as those of Notified Pull Tasks, only their hash kept.
     */
    @Bean
    ConsentTokens bgzConsentTokens(TokenTable tokens, AddressBook addressBook, ConsentService consent,
                                   ResourceStore store, IssuedTokenStore issued, BgzProperties settings,
                                   AuditTrail trail, Clock clock) {
        return new ConsentTokens(tokens, ura -> addressBook.all().stream().filter(i -> ura.equals(i.ura()))
                .map(nl.zorgbrug.gateway.addressbook.Institution::name).findFirst(), consent, store, issued,
                settings.requestTokenValidity(), trail, clock);
    }

    /**
     * At {@code /fhir/stu3/token} and {@code /fhir/r4/token}: exact mappings, which outrank the FHIR servlets' path
     * mappings (Jakarta Servlet 6.0, 12.2), outside the console's login like the FHIR endpoints (the servlet path
     * starts with /fhir/).
     */
    @Bean
    ServletRegistrationBean<TokenServlet> bgzTokenServlet(ConsentTokens tokens) {
        ServletRegistrationBean<TokenServlet> registration = new ServletRegistrationBean<>(new TokenServlet(tokens),
                "/fhir/stu3/token", "/fhir/r4/token");
        registration.setName("bgz-token");
        return registration;
    }

    @Bean
    ServletRegistrationBean<RestfulServer> bgzStu3Servlet(ResourceStore store, TokenTable tokens,
                                                          IssuedTokenStore issued, ConsentService consent,
                                                          AuditTrail trail, Clock clock, BgzTaskReceiver tasks) {
        RestfulServer server = BgzStu3Server.create(store, lookup(tokens, issued, clock), consent, trail, clock, tasks);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/stu3/*");
        registration.setName("bgz-fhir-stu3");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The requesting role (Raadplegend): the BgZ MSZ 2.0 query set against another institution's endpoint, for a
     * patient with at least a verified BSN, each request in the audit trail. The queries go by HAPI's generic client,
     * the consent flow's token request by this JDK client. Https peers are trusted by the JVM's trust store.
     */
    @Bean
    BgzRequester bgzRequester(BgzProperties settings, AuditTrail trail, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new BgzRequester(BgzStu3Server.context(), http, settings.requestTimeout(), trail, clock);
    }

    @Bean
    ReceivedBgzStore receivedBgzStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new JdbcReceivedBgzStore(jdbc, new TransactionTemplate(transactions));
    }

    /**
     * The receiving role (Ontvangend): a received BgZ is stored apart from the own record and audited; the department
     * is told in the log (never the BSN) and by the console's notice of unopened received BgZs.
     */
    @Bean
    BgzInbox bgzInbox(ReceivedBgzStore received, BgzProperties settings, AuditTrail trail, Clock clock,
                      java.util.Optional<DepartmentNotifier> notifier) {
        BgzInbox inbox = new BgzInbox(received, trail, clock);
        notifier.ifPresent(inbox::listen);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BgzInbox.class);
        inbox.listen(r -> log.info("BgZ received from {} ({}{}) for {}: {} resources, {} of {} queries failed; "
                + "received BgZ {} waits in the console", r.source().name(), r.occasion(),
                r.reference() == null ? "" : " " + r.reference(), settings.department(), r.resources(), r.failed(),
                r.queries(), r.id()));
        return inbox;
    }

    /** E-mail and/or webhook to the department for each received BgZ, when configured (zorgbrug.bgz.notice). */
    @Bean(destroyMethod = "close")
    DepartmentNotifier bgzDepartmentNotifier(BgzProperties settings) {
        if (!settings.notice().any()) {
            return null;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new DepartmentNotifier(settings.notice(), settings.department(), http);
    }

    /**
     * The sending role (Sturend): a BgZ on referral by Notified Pull, the Task posted to the receiver's endpoint with
     * a token that expires; our URA is the audit trail's organisation.
     */
    @Bean
    BgzReferralSender bgzReferralSender(BgzProperties settings, IssuedTokenStore issued, AuditProperties audit,
                                        AuditTrail trail, Clock clock) {
        return new BgzReferralSender(BgzStu3Server.context(), settings.requestTimeout(), issued,
                settings.referralTokenValidity(), audit.organisationUra(),
                settings.organisationName() == null ? audit.nodeName() : settings.organisationName(), trail, clock);
    }

    /**
     * Taking a received BgZ over into the own record (Verwerkend): into the same store the BgZ is served from,
     * reconciled with what the record holds (the FO BgZ MSZ table), each action an IMPORT in the trail.
     */
    @Bean
    nl.zorgbrug.bgz.takeover.TakeOver bgzTakeOver(ResourceStore store, AuditTrail trail, Clock clock) {
        return new nl.zorgbrug.bgz.takeover.TakeOver(BgzStu3Server.context(), store, trail, clock,
                new nl.zorgbrug.bgz.takeover.Reconciler());
    }

    @Bean
    BgzExchange bgzExchange(AddressBook addressBook, BgzProperties settings, BgzRequester requester, BgzInbox inbox,
                            BgzReferralSender sender, AuditProperties audit) {
        for (int i = 0; i < settings.peers().size(); i++) {
            if (settings.peers().get(i).consentFlow() && audit.organisationUra() == null) {
                throw new ConfigurationError("zorgbrug.audit.organisation-ura", null, "this hospital's URA (8 digits):"
                        + " zorgbrug.bgz.peers[" + i + "].credential is presented with it as the client id");
            }
        }
        return new BgzExchange(addressBook, settings, requester, inbox, sender, audit.organisationUra());
    }

    /** The pulls of received Tasks, one at a time, after the Task is answered. */
    @Bean(destroyMethod = "shutdown")
    PullExecutor bgzPulls() {
        return new PullExecutor();
    }

    /** A thread of its own for the pulls (its own type, so no other executor of the node is taken for it). */
    static final class PullExecutor implements java.util.concurrent.Executor {
        private final java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "bgz-notified-pull");
                    t.setDaemon(true);
                    return t;
                });

        @Override
        public void execute(Runnable command) {
            pool.execute(command);
        }

        void shutdown() {
            pool.shutdown();
        }
    }

    /** The receiving role of a Notified Pull (Ontvangend): the sender must be in the address book with an endpoint. */
    @Bean
    BgzTaskReceiver bgzTaskReceiver(AuditProperties audit, BgzExchange exchange, BgzRequester requester,
                                    BgzInbox inbox, PullExecutor bgzPulls, AuditTrail trail,
                                    Clock clock) {
        Ura ura = audit.organisationUra() == null ? null : new Ura(audit.organisationUra());
        return new BgzTaskReceiver(audit.organisationUra() == null ? "" : audit.organisationUra(), exchange::sourceByUra,
                requester, inbox, bgzPulls, nl.zorgbrug.audit.event.Actor.system(audit.nodeName(), ura), trail, clock);
    }

    /** The same BgZ as FHIR R4 on the zib2020 profiles, converted from the same store, with the same access rules. */
    @Bean
    ServletRegistrationBean<RestfulServer> bgzR4Servlet(ResourceStore store, TokenTable tokens,
                                                        IssuedTokenStore issued, ConsentService consent,
                                                        AuditTrail trail, Clock clock) {
        RestfulServer server = BgzR4Server.create(store, lookup(tokens, issued, clock), consent, trail, clock);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/r4/*");
        registration.setName("bgz-fhir-r4");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
