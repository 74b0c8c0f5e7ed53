package nl.zorgbrug.app.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.overview.OverviewService;
import nl.zorgbrug.audit.overview.PatientOverview;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;

/**
 * The patient's overview in the console (Wabvpz art. 15d; issue 17): a form for the BSN ({@code GET
 * /privacy/overview}) and the printable document in Dutch or English ({@code POST} with {@code lang}, so the BSN is in no URL), with a button for
 * the PDF. Only the privacy officer: refused here for any other role (403) before anything is read, and again in
 * {@link OverviewService}; opening is logged as AUDIT_READ ("page").
 */
@Controller
class PatientOverviewPage {
    private final OverviewService overviews;
    private final AuditConfiguration.AuditActors actors;
    private final OverviewRenderer renderer;

    PatientOverviewPage(OverviewService overviews, AuditConfiguration.AuditActors actors, OverviewRenderer renderer) {
        this.overviews = overviews;
        this.actors = actors;
        this.renderer = renderer;
    }

    @nl.zorgbrug.app.access.NotPatientData("the empty form: no patient is shown until a BSN is posted")
    @GetMapping("/privacy/overview")
    String form(Authentication who) {
        privacyOfficer(who);
        return "privacy-overview";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.AUDIT_READ, recordedByDomain = true)
    @PostMapping("/privacy/overview")
    String show(@RequestParam("bsn") String bsn, @RequestParam(value = "lang", required = false) String lang,
                Authentication who, HttpServletRequest http,
                HttpServletResponse response, Model model) {
        privacyOfficer(who);
        response.setHeader("Cache-Control", "no-store");
        Bsn patient;
        try {
            patient = Bsn.parse(bsn.strip());
        } catch (InvalidBsnException e) {
            model.addAttribute("invalid", true);
            return "privacy-overview";
        }
        PatientOverview o = overviews.overview(patient, OverviewReaders.of(who, actors),
                AccessPoint.host(http.getRemoteAddr()), "page");
        model.addAttribute("doc", renderer.document(o, OverviewDocument.Language.of(lang)));
        return "privacy-overview";
    }

    private void privacyOfficer(Authentication who) {
        if (OverviewReaders.of(who, actors).role() != Role.PRIVACY_OFFICER
                && who.getAuthorities().stream().noneMatch(a -> a.getAuthority().equals("ROLE_PRIVACY_OFFICER"))) {
            throw new SecurityException("only a privacy officer may open a patient's overview");
        }
    }

    @ExceptionHandler(SecurityException.class)
    String forbidden(HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("forbidden", true);
        return "privacy-overview";
    }
}
