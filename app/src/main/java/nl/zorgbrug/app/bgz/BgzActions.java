package nl.zorgbrug.app.bgz;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.referral.NotifiedPull;
import nl.zorgbrug.bgz.referral.ShareRefusedException;
import nl.zorgbrug.bgz.referral.TaskNotDeliveredException;
import nl.zorgbrug.bgz.request.PullRefusedException;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;

/**
 * The console's BgZ actions (issue 19): a clinician requests a patient's BgZ from an institution (Raadplegend; it is
 * stored as received and opened), or sends it with a referral (Sturend, Notified Pull). The patient is the MPI's, by
 * BSN, with its BSN status: the domain refuses what the Wabvpz does not allow, and says why. The domain audits both.
 */
@Controller
public class BgzActions {
    private final BgzExchange exchange;
    private final MpiStore mpi;
    private final AuditActors actors;

    BgzActions(BgzExchange exchange, MpiStore mpi, AuditActors actors) {
        this.exchange = exchange;
        this.mpi = mpi;
        this.actors = actors;
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
        } catch (RuntimeException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bgz/received";
    }

    @PatientData(value = EventType.SEND, recordedByDomain = true)
    @PostMapping("/bgz/referral")
    public String referral(@RequestParam(required = false) String bsn,
                           @RequestParam(required = false) String institution,
                           @RequestParam(required = false) String referral, Principal user, Locale locale,
                           RedirectAttributes flash) {
        try {
            NotifiedPull sent = exchange.sendOnReferral(patient(bsn), required(referral, "referral"),
                    required(institution, "institution"), actors.person(user.getName()));
            flash.addFlashAttribute("sent", sent.referral());
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
