package nl.zorgbrug.app.privacy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;

/**
 * The privacy officer records and withdraws a patient's consents in the console (issue 17, Wabvpz art. 15a: explicit
 * consent before data is made available; a withdrawal ends it from then on). Each in two steps: the form's values are
 * shown for confirmation (a view of the patient, recorded by the interceptor), and only the confirmed step changes
 * the register, through {@link ConsentService}, which writes the CONSENT_CHANGE record with the privacy officer
 * before it answers. The BSN travels in the POST bodies, never in a URL. Only {@code /privacy/**}'s role, the privacy
 * officer, is let in (AccessPolicy).
 */
@Controller
class ConsentDesk {
    private final ConsentService consents;
    private final ConsentStore store;
    private final AuditConfiguration.AuditActors actors;
    private final ZoneId zone;
    private final Clock clock;

    ConsentDesk(ConsentService consents, ConsentStore store, AuditConfiguration.AuditActors actors,
                ConsoleProperties console, Clock clock) {
        this.consents = consents;
        this.store = store;
        this.actors = actors;
        this.zone = console.timeZone();
        this.clock = clock;
    }

    /** To whom a consent speaks, as the form asks it. */
    enum ScopeKind { ALL, TYPE, INSTITUTION }

    /**
     * The form of a consent to record, as posted (bound by Spring from the request's parameters; {@code permits}
     * absent is a consent, {@code categories} absent all data); {@link #record} makes the consent of it or says what
     * is wrong.
     */
    record Form(String bsn, Purpose purpose, Boolean permits, ScopeKind scope, String scopeValue,
                Set<DataCategory> categories, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until, ConsentRecord.Method method) {

        Form {
            permits = permits == null ? Boolean.TRUE : permits;
            categories = categories == null || categories.isEmpty() ? Set.of() : EnumSet.copyOf(categories);
        }

        /** The consent this form describes, recorded now by {@code by}; IllegalArgumentException says what is wrong. */
        ConsentRecord record(String id, String by, ZoneId zone, java.time.Instant now) {
            if (bsn == null || bsn.isBlank()) {
                throw new IllegalArgumentException("the patient's BSN is required");
            }
            Bsn patient = Bsn.parse(bsn.strip());
            if (purpose == null || method == null) {
                throw new IllegalArgumentException("purpose and how the patient gave it are required");
            }
            Scope to = switch (scope == null ? ScopeKind.ALL : scope) {
                case ALL -> new Scope.AllCaregivers();
                case TYPE -> new Scope.InstitutionType(required(scopeValue, "the type of institution"));
                case INSTITUTION -> new Scope.OneInstitution(new Ura(required(scopeValue, "the institution's URA")));
            };
            LocalDate start = from != null ? from : now.atZone(zone).toLocalDate();
            return new ConsentRecord(id, patient, purpose, permits.booleanValue(), to, categories,
                    start.atStartOfDay(zone).toInstant(), until == null ? null : until.plusDays(1).atStartOfDay(zone)
                    .toInstant(),
                    new ConsentRecord.Recording(method, by, now), null);
        }

        private static String required(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " is required for this scope");
            }
            return value.strip();
        }
    }

    /** Step 1 of recording: what will be recorded, for the privacy officer to confirm (or go back). */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT)
    @PostMapping("/privacy/consents/record/confirm")
    String confirmRecord(@ModelAttribute("form") Form form, Authentication who, HttpServletResponse response,
                         Model model) {
        response.setHeader("Cache-Control", "no-store");
        try {
            model.addAttribute("consent", form.record("(new)", who.getName(), zone, clock.instant()));
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("step", "record");
        return "privacy-consent-confirm";
    }

    /** Step 2 of recording: into the register, recorded in the trail by the consent service. */
    @PatientData(value = EventType.CONSENT_CHANGE, subject = PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/privacy/consents/record")
    String record(@ModelAttribute("form") Form form, Authentication who, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        ConsentRecord made;
        try {
            made = form.record(UUID.randomUUID().toString(), who.getName(), zone, clock.instant());
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("step", "record");
            return "privacy-consent-confirm";
        }
        consents.record(made, OverviewReaders.of(who, actors));
        model.addAttribute("bsn", made.patient().value());
        model.addAttribute("done", made.permits() ? "recorded" : "refusalRecorded");
        return "privacy-consent-done";
    }

    /** Step 1 of a withdrawal: the consent that will end, for the privacy officer to confirm. */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT)
    @PostMapping("/privacy/consents/withdraw/confirm")
    String confirmWithdraw(@RequestParam String bsn, @RequestParam String consentId, HttpServletResponse response,
                           Model model) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("step", "withdraw");
        model.addAttribute("form", new Form(bsn, null, true, null, null, Set.of(), null, null, null));
        try {
            model.addAttribute("consent", patientsConsent(bsn, consentId));
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "privacy-consent-confirm";
    }

    /** Step 2 of a withdrawal: ended from now on (the record stays), recorded in the trail by the consent service. */
    @PatientData(value = EventType.CONSENT_CHANGE, subject = PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/privacy/consents/withdraw")
    String withdraw(@RequestParam String bsn, @RequestParam String consentId, Authentication who,
                    HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        ConsentRecord c;
        try {
            c = patientsConsent(bsn, consentId);
        } catch (IllegalArgumentException e) {
            model.addAttribute("step", "withdraw");
            model.addAttribute("form", new Form(bsn, null, true, null, null, Set.of(), null, null, null));
            model.addAttribute("error", e.getMessage());
            return "privacy-consent-confirm";
        }
        consents.withdraw(c.id(), OverviewReaders.of(who, actors));
        model.addAttribute("bsn", c.patient().value());
        model.addAttribute("done", "withdrawn");
        return "privacy-consent-done";
    }

    /** The consent, when it is this patient's and still in force (not withdrawn). */
    private ConsentRecord patientsConsent(String bsn, String consentId) {
        Bsn patient;
        try {
            patient = Bsn.parse(bsn.strip());
        } catch (InvalidBsnException e) {
            throw new IllegalArgumentException("not a valid BSN");
        }
        ConsentRecord c = store.consent(consentId).filter(found -> found.patient().equals(patient))
                .orElseThrow(() -> new IllegalArgumentException("this patient has no consent " + consentId));
        if (c.withdrawal() != null) {
            throw new IllegalArgumentException("consent " + consentId + " was withdrawn already");
        }
        return c;
    }
}
