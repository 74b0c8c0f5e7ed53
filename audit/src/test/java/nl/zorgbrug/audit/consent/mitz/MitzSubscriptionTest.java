package nl.zorgbrug.audit.consent.mitz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/**
 * The FHIR Subscription for consent changes against the loopback fake: the node subscribes (rest-hook, for its own
 * URA as holder), the fake notifies the callback of a changed Consent, and the change is in the trail with the
 * patient; a notification that is not a Bundle of Consents is refused and recorded as a failure; a Mitz that
 * answers 503 to the subscription is an error, not a silent success.
 */
class MitzSubscriptionTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Bsn BSN = TestEvents.bsn(new Random(9));
    private MitzFake fake;
    private HttpServer node;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
        if (node != null) {
            node.stop(0);
        }
    }

    @Test
    void aConsentChangeMitzNotifiesIsInTheTrailAndAnUnreadableOneIsRefused() throws Exception {
        fake = new MitzFake();
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryAuditStore trail = new InMemoryAuditStore();
        MitzSubscription subscription = new MitzSubscription(fake.fhirBase(), TestEvents.OWN, Duration.ofSeconds(2),
                new AuditTrail(trail, NodeKey.generate(), clock), clock);
        // The node's callback, as the app's endpoint would be: hands the body to receive, 200 or 400.
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/consent-changes", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status;
            try {
                subscription.receive(body);
                status = 200;
            } catch (MitzException e) {
                status = 400;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        node.start();
        URI callback = URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/consent-changes");

        assertThat(subscription.subscribe(callback)).isEqualTo("sub-1");
        assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r).contains("\"rest-hook\"")
                .contains(callback.toString()).contains("Consent?organization.identifier=")
                .contains(TestEvents.OWN.value()));

        assertThat(fake.notifyConsentChange("c-77", BSN, "inactive")).isEqualTo(200);
        List<AuditEvent> events = trail.records().stream().map(AuditRecord::event).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONSENT_CHANGE);
            assertThat(e.patient().bsn()).isEqualTo(BSN);
            assertThat(e.objects()).singleElement().satisfies(o -> {
                assertThat(o.kind()).isEqualTo(ObjectKind.CONSENT);
                assertThat(o.id()).isEqualTo("mitz:c-77");
            });
            assertThat(e.detail()).isEqualTo("Mitz: consent c-77 is now inactive");
        });

        assertThat(fake.notifyRaw("{\"resourceType\":\"Patient\"}")).isEqualTo(400);
        assertThat(fake.notifyRaw("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Consent\",\"id\":\"c-78\",\"status\":\"active\"}}]}"))
                .as("a consent without a patient BSN").isEqualTo(400);
        List<AuditEvent> refused = trail.records().stream().map(AuditRecord::event).skip(1).toList();
        assertThat(refused).hasSize(2).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SERIOUS_FAILURE);
            assertThat(e.detail()).startsWith("Mitz notification refused");
        });
    }

    @Test
    void aSubscriptionMitzRefusesIsAnError() throws Exception {
        fake = new MitzFake();
        fake.answer(MitzFake.Mode.UNAVAILABLE);
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        MitzSubscription subscription = new MitzSubscription(fake.fhirBase(), TestEvents.OWN, Duration.ofSeconds(2),
                new AuditTrail(new InMemoryAuditStore(), NodeKey.generate(), clock), clock);
        assertThatThrownBy(() -> subscription.subscribe(URI.create("http://127.0.0.1:1/x")))
                .isInstanceOf(MitzException.class).hasMessageContaining("HTTP 503");
    }
}
