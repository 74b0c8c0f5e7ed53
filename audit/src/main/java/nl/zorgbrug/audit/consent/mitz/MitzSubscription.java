package nl.zorgbrug.audit.consent.mitz;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;

/**
 * Consent changes from Mitz (issue 17: "the FHIR Subscription/notification for consent changes"), FHIR R4
 * Subscription with a rest-hook channel (FHIR R4 §2.46 Subscription): {@link #subscribe} asks Mitz to notify the
 * node's {@code callback} of changes to consents for our organisation as holder; {@link #receive} takes a
 * notification (a Bundle holding the changed Consent resources), records each change as a CONSENT_CHANGE event with
 * the patient and the consent's id and status, and returns them. A notification that cannot be read is recorded as a
 * serious failure and refused ({@link MitzException}); nothing in it is taken as a permission. The node asks Mitz
 * at every decision (no cache), so a change needs no further action; the record says when the patient's consent
 * changed for the overview.
 */
public final class MitzSubscription {
    private static final FhirContext R4 = FhirContext.forR4();
    /** The NamingSystems of the Dutch FHIR profiles (Nictiz). */
    static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
    static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";

    private final URI fhirBase;
    private final Ura holder;
    private final Duration timeout;
    private final AuditLog log;
    private final Clock clock;
    private final HttpClient http;

    public MitzSubscription(URI fhirBase, Ura holder, Duration timeout, AuditLog log, Clock clock) {
        this.fhirBase = Objects.requireNonNull(fhirBase);
        this.holder = Objects.requireNonNull(holder);
        this.timeout = Objects.requireNonNull(timeout);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One changed consent as Mitz told it. */
    public record ConsentChange(String consentId, Bsn patient, String status) {
    }

    /** The Subscription resource the node asks Mitz for. */
    public Subscription subscription(URI callback) {
        Subscription s = new Subscription();
        s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        s.setReason("Zorgbrug: consent changes for holder URA " + holder.value());
        s.setCriteria("Consent?organization.identifier=" + URA_SYSTEM + "|" + holder.value());
        s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(callback.toString())
                .setPayload("application/fhir+json");
        return s;
    }

    /** Registers the subscription with Mitz; returns the id Mitz gave it. */
    public String subscribe(URI callback) throws MitzException {
        String body = R4.newJsonParser().encodeResourceToString(subscription(callback));
        HttpResponse<String> response;
        URI target = URI.create(fhirBase.toString().replaceAll("/$", "") + "/Subscription");
        try {
            response = http.send(HttpRequest.newBuilder(target).timeout(timeout)
                    .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new MitzException(MitzException.Kind.TIMEOUT, "Mitz at " + target + " did not answer within "
                    + timeout, e);
        } catch (ConnectException e) {
            throw new MitzException(MitzException.Kind.UNREACHABLE, "Mitz at " + target + " is not reachable", e);
        } catch (IOException e) {
            throw new MitzException(MitzException.Kind.UNREACHABLE, "Mitz at " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MitzException(MitzException.Kind.TIMEOUT, "interrupted while subscribing at Mitz", e);
        }
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new MitzException(MitzException.Kind.HTTP_STATUS, "Mitz refused the subscription: HTTP "
                    + response.statusCode(), null);
        }
        try {
            Subscription kept = R4.newJsonParser().parseResource(Subscription.class, response.body());
            return kept.getIdElement().getIdPart();
        } catch (DataFormatException e) {
            throw new MitzException(MitzException.Kind.UNREADABLE, "Mitz's answer to the subscription is not a"
                    + " Subscription: " + e.getMessage(), e);
        }
    }

    /** Takes one notification; records and returns the changes in it. */
    public List<ConsentChange> receive(String notification) throws MitzException {
        Actor mitz = new Actor("mitz", "Mitz", Role.REMOTE_SYSTEM, null);
        List<ConsentChange> changes = new ArrayList<>();
        try {
            Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, notification);
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof Consent c) {
                    changes.add(new ConsentChange(c.getIdElement().getIdPart(), bsnOf(c),
                            c.getStatus() == null ? "unknown" : c.getStatus().toCode()));
                }
            }
        } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
            log.record(AuditEvent.of(EventType.CONSENT_CHANGE, mitz, clock.instant())
                    .outcome(Outcome.SERIOUS_FAILURE).source(Peer.named("Mitz"))
                    .detail("Mitz notification refused, not a Bundle of Consents: " + e.getMessage()).build());
            throw new MitzException(MitzException.Kind.UNREADABLE, "Mitz's notification could not be read: "
                    + e.getMessage(), e);
        }
        for (ConsentChange change : changes) {
            log.record(AuditEvent.of(EventType.CONSENT_CHANGE, mitz, clock.instant())
                    .patient(PatientRef.of(change.patient())).source(Peer.named("Mitz"))
                    .object(new ObjectRef(ObjectKind.CONSENT, "mitz:" + change.consentId()))
                    .detail("Mitz: consent " + change.consentId() + " is now " + change.status()).build());
        }
        return changes;
    }

    private static Bsn bsnOf(Consent c) {
        for (Identifier id : c.getPatient().getIdentifier() == null ? List.<Identifier>of()
                : List.of(c.getPatient().getIdentifier())) {
            if (BSN_SYSTEM.equals(id.getSystem())) {
                try {
                    return Bsn.parse(id.getValue());
                } catch (InvalidBsnException e) {
                    throw new IllegalArgumentException("consent " + c.getIdElement().getIdPart()
                            + " names no valid BSN", e);
                }
            }
        }
        throw new IllegalArgumentException("consent " + c.getIdElement().getIdPart() + " names no patient by BSN ("
                + BSN_SYSTEM + ")");
    }
}
