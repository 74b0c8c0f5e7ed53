package nl.zorgbrug.app.privacy;

import java.time.Clock;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Shielding;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.InvalidBsnException;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.SwapPolicy;

/**
 * The privacy officer shields a patient's data categories from sharing, and lifts a shielding, in the console (issue
 * 17, "Consent and shielding": a patient can shield data categories — per zib for the BgZ, e.g. drug use, alcohol use
 * — while they stay in the own record). The patient is found by BSN or by the local patient number (through the MPI,
 * since the register keeps shieldings by BSN). Each change in two steps as at the consent desk ({@link ConsentDesk}):
 * the values shown for confirmation (a view of the patient, recorded by the interceptor with the BSN and the local
 * number), and only the confirmed step changes the register, through {@link ConsentService#shield} and
 * {@link ConsentService#liftShielding}, which write the CONSENT_CHANGE record with the privacy officer, as for every
 * other caller. The forms carry what the privacy officer typed (the BSN or the local number) in POST bodies, never in
 * a URL, so a page never hands a BSN to a role that may not see it whole ({@link AccessPolicy#SEE_WHOLE_BSN}: the
 * page shows it masked to any other role, should {@code /privacy/**} ever be opened to one).
 */
@Controller
class ShieldingDesk {
    private final ConsentService consents;
    private final ConsentStore store;
    private final MasterPatientIndex mpi;
    private final String localIssuer;
    private final AuditConfiguration.AuditActors actors;
    private final Clock clock;

    ShieldingDesk(ConsentService consents, ConsentStore store, MasterPatientIndex mpi, SwapPolicy policy,
                  AuditConfiguration.AuditActors actors, Clock clock) {
        this.consents = consents;
        this.store = store;
        this.mpi = mpi;
        this.localIssuer = policy.localIssuer();
        this.actors = actors;
        this.clock = clock;
    }

    /** How the patient asked for it: the ways a person records it at the desk (Mitz records its own). */
    static final List<ConsentRecord.Method> METHODS = List.of(ConsentRecord.Method.VERBAL,
            ConsentRecord.Method.WRITTEN, ConsentRecord.Method.PATIENT_PORTAL);

    /**
     * The patient the form names: by BSN when one is given, else by the local patient number in the MPI (of the own
     * issuer). {@code asked} is what the privacy officer typed, carried on by the next forms.
     */
    record Patient(Bsn bsn, String localId, String askedBsn, String askedLocalId) {
        PatientRef ref() {
            return new PatientRef(bsn, localId);
        }
    }

    /** The patient of the form, or IllegalArgumentException saying why there is none (in the console's words). */
    private Patient patient(String bsn, String localId) {
        if (bsn != null && !bsn.isBlank()) {
            Bsn patient;
            try {
                patient = Bsn.parse(bsn.strip());
            } catch (InvalidBsnException e) {
                throw new IllegalArgumentException("invalid");
            }
            List<MpiPatient> local = mpi.byBsn(patient, localIssuer);
            return new Patient(patient, local.size() == 1 ? local.get(0).localId() : null, patient.value(), null);
        }
        if (localId != null && !localId.isBlank()) {
            String id = localId.strip();
            MpiPatient found = mpi.byLocalId(id, localIssuer)
                    .orElseThrow(() -> new IllegalArgumentException("unknownLocalId"));
            if (found.bsn() == null) {
                // The register keeps shieldings by BSN (V17), which the decision is asked by: without one there is
                // nothing to shield against yet (an export needs a validated BSN, Wabvpz).
                throw new IllegalArgumentException("noBsn");
            }
            return new Patient(found.bsn(), found.localId(), null, id);
        }
        throw new IllegalArgumentException("none");
    }

    /** Finds the patient, names them for the request's event, and puts who they are on the page. */
    private Optional<Patient> find(String bsn, String localId, Authentication who, Model model) {
        model.addAttribute("askedBsn", bsn == null ? "" : bsn.strip());
        model.addAttribute("askedLocalId", localId == null ? "" : localId.strip());
        try {
            Patient p = patient(bsn, localId);
            ShownPatients.of(List.of(p.ref()));
            model.addAttribute("patient", p);
            model.addAttribute("bsnShown", AccessPolicy.seesWholeBsn(who) ? p.bsn().value() : Bsn.mask(p.bsn().value()));
            return Optional.of(p);
        } catch (IllegalArgumentException e) {
            model.addAttribute("notFound", e.getMessage());
            return Optional.empty();
        }
    }

    /** A patient's shieldings, newest first, with the form to add one and a lift button on each in force. */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @PostMapping("/privacy/shieldings")
    String shieldings(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                      Authentication who, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        find(bsn, localId, who, model).ifPresent(p -> model.addAttribute("shieldings", store.shieldings(p.bsn())
                .stream().sorted(Comparator.comparing((Shielding s) -> s.recording().at()).reversed()).toList()));
        model.addAttribute("categories", DataCategory.values());
        model.addAttribute("methods", METHODS);
        return "privacy-shieldings";
    }

    /** Step 1 of shielding: the categories that will be shielded, for the privacy officer to confirm. */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @PostMapping("/privacy/shieldings/add/confirm")
    String confirmAdd(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                      @RequestParam(required = false) Set<DataCategory> categories,
                      @RequestParam(required = false) ConsentRecord.Method method, Authentication who,
                      HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("step", "add");
        find(bsn, localId, who, model).ifPresent(p -> {
            try {
                model.addAttribute("shielding", shielding("(new)", p, categories, method, who));
            } catch (IllegalArgumentException e) {
                model.addAttribute("error", e.getMessage());
            }
        });
        return "privacy-shielding-confirm";
    }

    /** Step 2 of shielding: into the register, recorded in the trail by the consent service. */
    @PatientData(value = EventType.CONSENT_CHANGE, subject = PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/privacy/shieldings/add")
    String add(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
               @RequestParam(required = false) Set<DataCategory> categories,
               @RequestParam(required = false) ConsentRecord.Method method, Authentication who,
               HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        Optional<Patient> p = find(bsn, localId, who, model);
        if (p.isEmpty()) {
            model.addAttribute("step", "add");
            return "privacy-shielding-confirm";
        }
        Shielding made;
        try {
            made = shielding(UUID.randomUUID().toString(), p.get(), categories, method, who);
        } catch (IllegalArgumentException e) {
            model.addAttribute("step", "add");
            model.addAttribute("error", e.getMessage());
            return "privacy-shielding-confirm";
        }
        consents.shield(made, OverviewReaders.of(who, actors));
        model.addAttribute("done", "shielded");
        return "privacy-shielding-done";
    }

    /** Step 1 of lifting: the shielding that will end, for the privacy officer to confirm. */
    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @PostMapping("/privacy/shieldings/lift/confirm")
    String confirmLift(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                       @RequestParam String shieldingId, Authentication who, HttpServletResponse response,
                       Model model) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("step", "lift");
        find(bsn, localId, who, model).ifPresent(p -> {
            try {
                model.addAttribute("shielding", inForce(p, shieldingId));
            } catch (IllegalArgumentException e) {
                model.addAttribute("error", e.getMessage());
            }
        });
        return "privacy-shielding-confirm";
    }

    /** Step 2 of lifting: ended from now on (the record stays), recorded in the trail by the consent service. */
    @PatientData(value = EventType.CONSENT_CHANGE, subject = PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/privacy/shieldings/lift")
    String lift(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                @RequestParam String shieldingId, Authentication who, HttpServletResponse response, Model model) {
        response.setHeader("Cache-Control", "no-store");
        Optional<Patient> p = find(bsn, localId, who, model);
        Shielding s;
        try {
            s = inForce(p.orElseThrow(() -> new IllegalArgumentException("the patient is not found")), shieldingId);
        } catch (IllegalArgumentException e) {
            model.addAttribute("step", "lift");
            if (p.isPresent()) {
                model.addAttribute("error", e.getMessage());
            }
            return "privacy-shielding-confirm";
        }
        consents.liftShielding(s.id(), OverviewReaders.of(who, actors));
        model.addAttribute("done", "lifted");
        return "privacy-shielding-done";
    }

    private Shielding shielding(String id, Patient p, Set<DataCategory> categories, ConsentRecord.Method method,
                                Authentication who) {
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("choose at least one data category to shield");
        }
        if (method == null || !METHODS.contains(method)) {
            throw new IllegalArgumentException("say how the patient asked for it (verbally, in writing, portal)");
        }
        return new Shielding(id, p.bsn(), EnumSet.copyOf(categories),
                new ConsentRecord.Recording(method, who.getName(), clock.instant()), null);
    }

    /** The shielding, when it is this patient's and still in force (not lifted). */
    private Shielding inForce(Patient p, String shieldingId) {
        Shielding s = store.shielding(shieldingId).filter(found -> found.patient().equals(p.bsn()))
                .orElseThrow(() -> new IllegalArgumentException("this patient has no shielding " + shieldingId));
        if (s.withdrawal() != null) {
            throw new IllegalArgumentException("shielding " + shieldingId + " was lifted already");
        }
        return s;
    }
}
