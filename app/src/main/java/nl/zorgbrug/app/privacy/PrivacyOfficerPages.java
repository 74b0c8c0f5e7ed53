package nl.zorgbrug.app.privacy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.access.NotPatientData;
import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.overview.TrailSearch;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;

/**
 * The privacy officer's console (issue 17): the start page with the role's work — a patient's overview (Wabvpz art.
 * 15d), the search of the audit trail (NEN 7513: the log is there to be checked), and a patient's consents and
 * shieldings (Wabvpz art. 15a) — and the two pages behind it. The web layer lets only the privacy officer in
 * ({@code AccessPolicy}: {@code /privacy/**}); the trail search refuses others again in the domain.
 */
@Controller
class PrivacyOfficerPages {
    private final TrailSearch trail;
    private final ConsentStore consents;
    private final AuditConfiguration.AuditActors actors;
    private final ZoneId zone;

    PrivacyOfficerPages(TrailSearch trail, ConsentStore consents, AuditConfiguration.AuditActors actors,
                        ConsoleProperties console) {
        this.trail = trail;
        this.consents = consents;
        this.actors = actors;
        this.zone = console.timeZone();
    }

    @NotPatientData("the privacy officer's start page: three forms, nothing read yet")
    @GetMapping("/privacy")
    String start(Model model) {
        LocalDate today = LocalDate.now(zone);
        model.addAttribute("today", today);
        model.addAttribute("types", EventType.values());
        return "privacy";
    }

    /**
     * The trail in a period (whole days in the console's time zone; today when none given), optionally of one event
     * type and one user, newest first. The search is recorded by {@link TrailSearch} before the page shows it.
     */
    @PatientData(value = EventType.AUDIT_READ, recordedByDomain = true)
    @GetMapping("/privacy/trail")
    String searchTrail(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                       @RequestParam(required = false) EventType type, @RequestParam(required = false) String user,
                       Authentication who, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        LocalDate first = from != null ? from : LocalDate.now(zone);
        LocalDate last = to != null ? to : first;
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("type", type);
        model.addAttribute("user", user);
        model.addAttribute("types", EventType.values());
        if (last.isBefore(first)) {
            model.addAttribute("badPeriod", true);
            return "privacy-trail";
        }
        TrailSearch.Result found = trail.search(new TrailSearch.Criteria(first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(), type, user), OverviewReaders.of(who, actors),
                AccessPoint.host(request.getRemoteAddr()));
        model.addAttribute("result", found);
        return "privacy-trail";
    }

    /** A patient's consents and shieldings as recorded, newest first (the BSN in the body, never in a URL). */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT)
    @PostMapping("/privacy/consents")
    String consents(@RequestParam("bsn") String bsn, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        Bsn patient;
        try {
            patient = Bsn.parse(bsn.strip());
        } catch (InvalidBsnException e) {
            model.addAttribute("invalid", true);
            return "privacy-consents";
        }
        model.addAttribute("bsn", patient.value());
        model.addAttribute("consents", consents.consents(patient).stream()
                .sorted(Comparator.comparing((nl.zorgbrug.audit.consent.ConsentRecord c) -> c.recording().at())
                        .reversed()).toList());
        // The form to record a consent or refusal (ConsentDesk).
        model.addAttribute("purposes", nl.zorgbrug.audit.consent.Purpose.values());
        model.addAttribute("categories", nl.zorgbrug.audit.consent.DataCategory.values());
        model.addAttribute("methods", java.util.List.of(nl.zorgbrug.audit.consent.ConsentRecord.Method.VERBAL,
                nl.zorgbrug.audit.consent.ConsentRecord.Method.WRITTEN,
                nl.zorgbrug.audit.consent.ConsentRecord.Method.PATIENT_PORTAL));
        model.addAttribute("shieldings", consents.shieldings(patient).stream()
                .sorted(Comparator.comparing((nl.zorgbrug.audit.consent.Shielding s) -> s.recording().at())
                        .reversed()).toList());
        return "privacy-consents";
    }

    @ExceptionHandler(SecurityException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("forbidden", true);
        return "privacy-trail";
    }
}
