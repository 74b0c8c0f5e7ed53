package nl.zorgbrug.app.privacy;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.overview.OverviewService;
import nl.zorgbrug.audit.overview.PatientOverview;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;

/**
 * The patient's overview as JSON (Wabvpz art. 15d; issue 17): {@code POST /api/privacy/overview} with
 * {@code {"bsn": "..."}}. A POST, so the BSN is never in a URL (and so never in an access log or a browser's
 * history). Only the PRIVACY_OFFICER role (SecurityConfiguration, and again in the domain); opening it is logged.
 * The same overview as a FHIR R4 Bundle of AuditEvents ({@code POST /api/privacy/overview/fhir}, same body,
 * {@code application/fhir+json}) and as a PDF in Dutch (or English with {@code lang=en}) for the patient ({@code POST /api/privacy/overview/pdf} with
 * the form field {@code bsn}, which the console's printable page posts; {@link PatientOverviewPage}). Each opening,
 * in whichever form, is one AUDIT_READ event naming the form.
 */
@RestController
class PatientOverviewController {
    private final OverviewService overviews;
    private final AuditConfiguration.AuditActors actors;
    private final nl.zorgbrug.app.audit.AuditProperties audit;
    private final OverviewRenderer renderer;

    PatientOverviewController(OverviewService overviews, AuditConfiguration.AuditActors actors,
                              nl.zorgbrug.app.audit.AuditProperties audit, OverviewRenderer renderer) {
        this.overviews = overviews;
        this.actors = actors;
        this.audit = audit;
        this.renderer = renderer;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.AUDIT_READ, recordedByDomain = true)
    @PostMapping(value = "/api/privacy/overview/fhir", produces = "application/fhir+json")
    ResponseEntity<String> fhir(@RequestBody OverviewRequest request, Authentication who, HttpServletRequest http) {
        PatientOverview o = open(request, who, http, "FHIR");
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .contentType(org.springframework.http.MediaType.parseMediaType("application/fhir+json"))
                .body(nl.zorgbrug.audit.overview.OverviewBundle.json(
                        nl.zorgbrug.audit.overview.OverviewBundle.of(o, audit.nodeName())));
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.AUDIT_READ, recordedByDomain = true)
    @PostMapping(value = "/api/privacy/overview/pdf", produces = "application/pdf")
    ResponseEntity<byte[]> pdf(@org.springframework.web.bind.annotation.RequestParam("bsn") String bsn,
                               @org.springframework.web.bind.annotation.RequestParam(value = "lang", required = false)
                               String lang, Authentication who, HttpServletRequest http) {
        // lang=en: the document in English for a patient who asks for it; Dutch otherwise.
        OverviewDocument.Language language = OverviewDocument.Language.of(lang);
        PatientOverview o = open(new OverviewRequest(bsn), who, http, "PDF");
        return ResponseEntity.ok().header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"" + (language == OverviewDocument.Language.EN
                        ? "overview-of-use.pdf" : "inzageoverzicht.pdf") + "\"")
                .contentType(org.springframework.http.MediaType.APPLICATION_PDF)
                .body(renderer.pdf(o, language));
    }

    private PatientOverview open(OverviewRequest request, Authentication who, HttpServletRequest http, String form) {
        if (request == null || request.bsn() == null) {
            throw new IllegalArgumentException("the body must be {\"bsn\": \"<nine digits>\"}");
        }
        return overviews.overview(Bsn.parse(request.bsn().strip()), OverviewReaders.of(who, actors),
                AccessPoint.host(http.getRemoteAddr()), form);
    }

    record OverviewRequest(String bsn) {
    }

    record Line(String at, String type, String action, String outcome, String user, String role, String onBehalfOf,
                String accessPoint, String source, String destination, List<String> objects, String legalBasis,
                String detail) {
    }

    record Overview(String bsn, boolean complete, List<Line> events) {
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.AUDIT_READ, recordedByDomain = true)
    @PostMapping("/api/privacy/overview")
    Overview overview(@RequestBody OverviewRequest request, Authentication who, HttpServletRequest http) {
        if (request == null || request.bsn() == null) {
            throw new IllegalArgumentException("the body must be {\"bsn\": \"<nine digits>\"}");
        }
        PatientOverview o = open(request, who, http, "JSON");
        return new Overview(o.patient().value(), o.complete(), o.events().stream().map(PatientOverviewController::line)
                .toList());
    }

    private static Line line(AuditEvent e) {
        return new Line(e.at().toString(), e.type().name(), String.valueOf(e.action().code()), e.outcome().name(),
                e.actor().name() != null ? e.actor().name() : e.actor().userId(), e.actor().role().name(),
                e.actor().onBehalfOf() == null ? null : e.actor().onBehalfOf().value(),
                e.accessPoint() == null ? null : join(e.accessPoint().host(), e.accessPoint().aeTitle()),
                name(e.source()), name(e.destination()),
                e.dataObjects().stream().map(o -> o.kind() + " " + o.id()).toList(), basis(e.legalBasis()), e.detail());
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + " " + b;
    }

    private static String name(Peer p) {
        return p == null ? null : p.name();
    }

    private static String basis(LegalBasis b) {
        if (b instanceof LegalBasis.Consent c) {
            return "consent " + c.consentId();
        }
        if (b instanceof LegalBasis.Referral r) {
            return "referral " + r.reference();
        }
        if (b instanceof LegalBasis.Emergency m) {
            return "emergency " + m.reason();
        }
        return b == null ? null : "treatment";
    }

    @ExceptionHandler(InvalidBsnException.class)
    ResponseEntity<Map<String, String>> invalidBsn(InvalidBsnException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(SecurityException.class)
    ResponseEntity<Map<String, String>> forbidden(SecurityException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
    }
}
