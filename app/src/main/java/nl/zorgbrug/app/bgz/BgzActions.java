package nl.zorgbrug.app.bgz;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.referral.NotifiedPull;
import nl.zorgbrug.bgz.referral.ShareRefusedException;
import nl.zorgbrug.bgz.referral.TaskNotDeliveredException;
import nl.zorgbrug.bgz.request.AccessRefusedException;
import nl.zorgbrug.bgz.request.PullRefusedException;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;

/**
 * The console's BgZ actions (issue 19): a clinician requests a patient's BgZ from an institution (Raadplegend; it is
 * stored as received and opened), or sends it with a referral (Sturend, Notified Pull) to the department of one of the
 * institution's specialisms, after a confirmation page where that is picked. The patient is the MPI's, by
 * BSN, with its BSN status: the domain refuses what the Wabvpz does not allow, and says why. The domain audits both.
 */
@Controller
public class BgzActions {
    private final BgzExchange exchange;
    private final MpiStore mpi;
    private final AuditActors actors;
    private final AuditLog trail;
    private final Clock clock;

    BgzActions(BgzExchange exchange, MpiStore mpi, AuditActors actors, AuditLog trail, Clock clock) {
        this.exchange = exchange;
        this.mpi = mpi;
        this.actors = actors;
        this.trail = trail;
        this.clock = clock;
    }

    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @PostMapping("/bgz/request")
    public String request(@RequestParam(required = false) String bsn, @RequestParam(required = false) String institution,
                          Principal user, Locale locale, RedirectAttributes flash) {
        try {
            ReceivedBgz received = exchange.request(patient(bsn), required(institution, "institution"),
                    actors.person(user.getName()));
            return "redirect:/bgz/received/" + received.id();
        } catch (PullRefusedException e) {
            flash.addFlashAttribute("error", dutch(locale) ? e.refusal().messageNl() : e.refusal().messageEn());
        } catch (AccessRefusedException e) {
            // The institution gave no token (no consent there): the request as a whole, never an empty BgZ.
            flash.addFlashAttribute("error", dutch(locale) ? e.messageNl() : e.messageEn());
        } catch (RuntimeException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bgz/received";
    }

    /**
     * The referral's confirmation page: the patient as the MPI has them, the institution, the referral, and the
     * specialisms the institution takes referrals for, one of which the clinician picks (issue 19: "a clinician picks
     * an institution (and specialism) from the address book"). It shows the patient, so it is a VIEW in the trail;
     * nothing is sent until {@link #send} is posted.
     */
    @PatientData(value = EventType.VIEW, recordedByDomain = true)
    @PostMapping("/bgz/referral")
    public String referral(@RequestParam(required = false) String bsn,
                           @RequestParam(required = false) String institution,
                           @RequestParam(required = false) String referral, Principal user, Locale locale,
                           Model model, RedirectAttributes flash) {
        try {
            MpiPatient patient = patient(bsn);
            String key = required(institution, "institution");
            model.addAttribute("patient", patient);
            model.addAttribute("institution", exchange.institution(key));
            model.addAttribute("specialisms", exchange.specialisms(key));
            model.addAttribute("referral", required(referral, "referral").strip());
            trail.record(AuditEvent.of(EventType.VIEW, actors.person(user.getName()), clock.instant())
                    .patient(PatientRef.of(patient.bsn()))
                    .detail("BgZ referral to " + exchange.institution(key).name() + " to be confirmed in the console")
                    .build());
            return "bgz-referral-confirm";
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/bgz/received";
        }
    }

    /** The confirmed referral: the BgZ is sent to the institution's department of the specialism picked. */
    @PatientData(value = EventType.SEND, recordedByDomain = true)
    @PostMapping("/bgz/referral/confirm")
    public String send(@RequestParam(required = false) String bsn,
                       @RequestParam(required = false) String institution,
                       @RequestParam(required = false) String referral,
                       @RequestParam(required = false) String specialism, Principal user, Locale locale,
                       RedirectAttributes flash) {
        try {
            NotifiedPull sent = exchange.sendOnReferral(patient(bsn), required(referral, "referral"),
                    required(institution, "institution"), specialism, actors.person(user.getName()));
            flash.addFlashAttribute("sent", sent.referral());
            flash.addFlashAttribute("sentTo", sent.specialism() == null ? null
                    : sent.specialism().label(locale == null ? "en" : locale.getLanguage()));
        } catch (ShareRefusedException e) {
            flash.addFlashAttribute("error", dutch(locale) ? e.messageNl() : e.getMessage());
        } catch (TaskNotDeliveredException | IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bgz/received";
    }

    private MpiPatient patient(String bsn) {
        String value = required(bsn, "bsn").strip();
        if (!Bsn.isValid(value)) {
            throw new IllegalArgumentException("the BSN " + Bsn.mask(value) + " fails the 11-proof: check the number");
        }
        List<MpiPatient> found = mpi.search(value, null, null);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no patient with BSN " + Bsn.mask(value) + " in the MPI: add the patient"
                    + " there first, with the BSN's status");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(found.size() + " patients in the MPI share BSN " + Bsn.mask(value)
                    + ": resolve that in the MPI first");
        }
        return found.get(0);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing: fill it in");
        }
        return value;
    }

    private static boolean dutch(Locale locale) {
        return locale != null && "nl".equals(locale.getLanguage());
    }
}
