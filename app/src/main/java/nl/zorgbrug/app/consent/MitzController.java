package nl.zorgbrug.app.consent;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.app.audit.AuditProperties;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.consent.mitz.MitzException;
import nl.zorgbrug.audit.consent.mitz.MitzLocator;
import nl.zorgbrug.audit.consent.mitz.MitzSubscription;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/**
 * Mitz's two HTTP faces in the node (issue 17): its notifications of consent changes (FHIR R4 rest-hook,
 * {@code POST /mitz/notifications}, only for Mitz's client certificate, MitzConfiguration), each changed consent a
 * CONSENT_CHANGE record by {@link MitzSubscription}; and the open question for the node's own people
 * ({@code POST /api/consent/holders}: which holders have the patient's consent for this hospital), each answer a
 * CONSENT_DECISION record by {@link MitzLocator} with the person who asked. Both are audited by the domain before
 * they answer.
 */
@RestController
class MitzController {
    private final ObjectProvider<MitzSubscription> subscription;
    private final ObjectProvider<MitzLocator> locator;
    private final ConsentProperties consent;
    private final AuditProperties audit;
    private final AuditConfiguration.AuditActors actors;

    MitzController(ObjectProvider<MitzSubscription> subscription, ObjectProvider<MitzLocator> locator,
                   ConsentProperties consent, AuditProperties audit, AuditConfiguration.AuditActors actors) {
        this.subscription = subscription;
        this.locator = locator;
        this.consent = consent;
        this.audit = audit;
        this.actors = actors;
    }

    /** A notification: a Bundle of the changed Consents; 200 with how many were recorded, 400 when unreadable. */
    @PatientData(value = EventType.CONSENT_CHANGE, recordedByDomain = true)
    @PostMapping(value = "/mitz/notifications", consumes = {"application/fhir+json", "application/json"})
    ResponseEntity<Map<String, Object>> notification(@RequestBody String bundle) throws MitzException {
        List<MitzSubscription.ConsentChange> changes = MitzConfiguration.required(subscription,
                "the subscription to Mitz's consent changes", "zorgbrug.consent.mitz-fhir-url").receive(bundle);
        return ResponseEntity.ok(Map.of("recorded", changes.size()));
    }

    record HoldersRequest(String bsn, Purpose purpose, Set<DataCategory> categories) {
    }

    record Holder(String ura, String institutionType) {
    }

    /**
     * The open question for this hospital as requester: which holders have the patient's consent for this purpose
     * (and categories; none given: all). A Mitz failure answers 503 with no holders: never a guess.
     */
    @PatientData(value = EventType.CONSENT_DECISION, recordedByDomain = true)
    @PostMapping("/api/consent/holders")
    ResponseEntity<Map<String, Object>> holders(@RequestBody HoldersRequest request, Authentication who,
                                                HttpServletRequest http) {
        MitzLocator mitz = MitzConfiguration.required(locator, "Mitz's open question", "zorgbrug.consent.mitz-url");
        if (request == null || request.bsn() == null || request.purpose() == null) {
            throw new IllegalArgumentException("the body must be {\"bsn\": \"<nine digits>\", \"purpose\":"
                    + " \"BGZ_ON_REQUEST\" | \"BGZ_ON_REFERRAL\" | \"IMAGE_AVAILABILITY\", \"categories\": [...]}");
        }
        if (audit.organisationUra() == null) {
            throw new MitzConfiguration.MitzNotConfigured("the hospital's URA is not configured: set"
                    + " zorgbrug.audit.organisation-ura (Mitz is asked on its behalf)");
        }
        Set<DataCategory> categories = request.categories() == null || request.categories().isEmpty()
                ? EnumSet.allOf(DataCategory.class) : request.categories();
        MitzLocator.Answer answer = mitz.holders(Bsn.parse(request.bsn().strip()),
                Requester.organisation(new Ura(audit.organisationUra()), consent.institutionType()),
                request.purpose(), categories, actors.of(who), AccessPoint.host(http.getRemoteAddr()));
        List<Holder> holders = answer.holders().stream().map(h -> new Holder(h.ura().value(), h.institutionType()))
                .toList();
        if (answer.failed()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("holders", holders, "error",
                    "Mitz could not be asked (" + answer.failure().kind() + "); answered as no holders"));
        }
        return ResponseEntity.ok(Map.of("holders", holders));
    }

    @ExceptionHandler(MitzException.class)
    ResponseEntity<Map<String, String>> unreadable(MitzException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(MitzConfiguration.MitzNotConfigured.class)
    ResponseEntity<Map<String, String>> notConfigured(MitzConfiguration.MitzNotConfigured e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
