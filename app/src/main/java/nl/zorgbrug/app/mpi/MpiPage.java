package nl.zorgbrug.app.mpi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.SbvzVerification;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.gateway.recheck.MpiRecheck;

/**
 * The console's MPI page: search (the BSN whole only for auditors, as in the API), and for administrators the
 * upload of the hospital's CSV export and the addition or change of one patient (issue 15), which before needed
 * curl and the whole file. After every change, held jobs and quarantine entries that waited for the MPI are
 * looked at again ({@link MpiRecheck}).
 */
@Controller
public class MpiPage {
    private final MpiStore mpi;
    private final SwapPolicy policy;
    private final MpiRecheck recheck;
    private final MpiChanges changes;
    private final nl.zorgbrug.gateway.merge.MergedPatients merged;

    public MpiPage(MpiStore mpi, SwapPolicy policy, MpiRecheck recheck, MpiChanges changes,
                   nl.zorgbrug.gateway.merge.MergedPatients merged) {
        this.mpi = mpi;
        this.policy = policy;
        this.recheck = recheck;
        this.changes = changes;
        this.merged = merged;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/mpi")
    public String mpi(@RequestParam(required = false) String bsn, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String birthDate, @RequestParam(required = false) String edit,
                      Authentication auth, Model model) {
        boolean full = MpiController.maySeeBsn(auth);
        model.addAttribute("patients", MpiController.shown(mpi.search(bsn, name, birthDate)).stream()
                .map(p -> MpiController.PatientView.of(p, full)).toList());
        model.addAttribute("bsn", bsn);
        model.addAttribute("name", name);
        model.addAttribute("birthDate", birthDate);
        model.addAttribute("statuses", BsnStatus.values());
        // The form to change a patient starts from the stored values; the BSN as the user may see it.
        model.addAttribute("edit", edit == null ? null : mpi.byLocalId(edit, policy.localIssuer())
                .map(p -> MpiController.shown(List.of(p)).get(0)).map(p -> MpiController.PatientView.of(p, full))
                .orElse(null));
        return "mpi";
    }

    /**
     * Adds or changes one patient of this hospital (the local issuer). A BSN field left as shown masked keeps the
     * stored BSN, so a person who may not see it can still change the name.
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.MPI_CHANGE, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/mpi/patients")
    public String save(@RequestParam String localId, @RequestParam(required = false) String bsn,
                       @RequestParam BsnStatus bsnStatus, @RequestParam String familyName,
                       @RequestParam(required = false) String givenName, @RequestParam(required = false) String birthDate,
                       @RequestParam(required = false) String sex, Authentication auth, RedirectAttributes flash,
                       jakarta.servlet.http.HttpServletRequest request) {
        String issuer = policy.localIssuer();
        try {
            java.util.Optional<MpiPatient> before = mpi.byLocalId(localId.strip(), issuer);
            Bsn keep = before.map(MpiPatient::bsn).orElse(null);
            Bsn newBsn = bsn == null || bsn.isBlank() ? null
                    : keep != null && bsn.strip().equals(keep.masked()) ? keep : Bsn.parse(bsn.strip());
            // The register's last answer stays with the same BSN; a person's save is their decision on a conflict
            // the feed raised, so it clears it (the feed raises it again if the EPD still sends the conflict).
            SbvzVerification answer = before.filter(p -> java.util.Objects.equals(p.bsn(), newBsn))
                    .map(MpiPatient::verification).orElse(null);
            changes.save(new MpiPatient(localId.strip(), issuer, newBsn, bsnStatus, familyName.strip(),
                    blank(givenName), blank(birthDate), blank(sex), answer, null), auth.getName(),
                    nl.zorgbrug.audit.event.AccessPoint.host(request.getRemoteAddr()));
            flash.addFlashAttribute("saved", localId.strip());
            flash.addFlashAttribute("recheck", recheck.afterMpiChange());
        } catch (nl.zorgbrug.bsn.mpi.BsnTakenException e) {
            // Said in the page's language (issue 16): which local patient already has the BSN, masked.
            flash.addFlashAttribute("bsnTaken", e.otherLocalIdMasked());
        } catch (RuntimeException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/mpi?name=" + java.net.URLEncoder.encode(familyName.strip(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Asks the BSN register (SBV-Z) about the patient through the node's port and records the answer (issue 16): a
     * match marks the BSN verified, a mismatch or unknown BSN marks a conflict; no answer changes nothing.
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.MPI_CHANGE, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/mpi/patients/{localId}/verify")
    public String verify(@PathVariable String localId, Authentication auth, RedirectAttributes flash,
                         jakarta.servlet.http.HttpServletRequest request) {
        try {
            MpiPatient after = changes.verify(localId, auth.getName(),
                    nl.zorgbrug.audit.event.AccessPoint.host(request.getRemoteAddr()));
            flash.addFlashAttribute("verified", localId);
            flash.addFlashAttribute("sbvzAnswer", after.verification().answer().name());
            flash.addFlashAttribute("recheck", recheck.afterMpiChange());
        } catch (nl.zorgbrug.bsn.sbvz.SbvzUnavailableException e) {
            flash.addFlashAttribute("sbvzUnavailable", localId);
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/mpi?edit=" + java.net.URLEncoder.encode(localId, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Jobs delivered under a number the EPD merged away since (issue 16): the receiver still files them under the
     * prior number and a person must have them merged there too. The same list as GET /api/mpi/merges/delivered.
     */
    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.VIEW)
    @GetMapping("/mpi/merges")
    public String merges(Model model) {
        model.addAttribute("delivered", merged.deliveredUnderPrior(500));
        return "mpi-merges";
    }

    /** Replaces the MPI with an uploaded CSV export; a bad file changes nothing and says what is wrong where. */
    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.PATIENT_CHANGE)
    @PostMapping("/mpi/import")
    public String upload(@RequestParam("file") MultipartFile file, RedirectAttributes flash) throws IOException {
        Path tmp = Files.createTempFile("mpi", ".csv");
        try {
            file.transferTo(tmp);
            List<MpiPatient> patients = CsvMasterPatientIndex.load(tmp).patients();
            flash.addFlashAttribute("imported", mpi.replaceAll(patients));
            flash.addFlashAttribute("recheck", recheck.afterMpiChange());
        } catch (IllegalArgumentException e) {
            // MpiFormatException among them: the file names the line and column at fault.
            flash.addFlashAttribute("error", e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
        return "redirect:/mpi";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
