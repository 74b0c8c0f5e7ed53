package nl.zorgbrug.app.quarantine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.quarantine.QuarantineDesk;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineStudy;

/**
 * The quarantine worklist (issue 5): objects that may not be imported automatically, grouped by
 * study with the reason in plain words; link to a local patient (found in the MPI), reject, download.
 * Console pages under /quarantine, the same actions for machines under /api/quarantine.
 */
@Controller
public class QuarantineController {
    private final QuarantineRepository quarantine;
    private final QuarantineDesk desk;
    private final MpiStore mpi;
    private final SwapPolicy policy;

    public QuarantineController(QuarantineRepository quarantine, QuarantineDesk desk, MpiStore mpi, SwapPolicy policy) {
        this.quarantine = quarantine;
        this.desk = desk;
        this.mpi = mpi;
        this.policy = policy;
    }

    /** The API's view: every open entry, by study (machines want the UIDs). */
    private Map<String, List<QuarantineItem>> byStudy() {
        Map<String, List<QuarantineItem>> studies = new LinkedHashMap<>();
        for (QuarantineItem i : quarantine.open()) {
            studies.computeIfAbsent(i.studyInstanceUid(), k -> new java.util.ArrayList<>()).add(i);
        }
        return studies;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/quarantine")
    public String worklist(@RequestParam(required = false) String study, @RequestParam(required = false) String bsn,
                           @RequestParam(required = false) String name, @RequestParam(required = false) String birthDate,
                           Model model) {
        model.addAttribute("studies", shown(desk.openStudies()));
        model.addAttribute("study", study);
        List<nl.zorgbrug.bsn.mpi.MpiPatient> candidates = study == null ? List.of() : mpi.search(bsn, name, birthDate);
        nl.zorgbrug.app.access.ShownPatients.of(candidates.stream()
                .map(p -> new nl.zorgbrug.audit.event.PatientRef(p.bsn(), p.localId())).toList());
        model.addAttribute("candidates", candidates);
        model.addAttribute("bsn", bsn);
        model.addAttribute("name", name);
        model.addAttribute("birthDate", birthDate);
        return "quarantine";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUARANTINE_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, recordedByDomain = true)
    @PostMapping("/quarantine/link")
    public String link(@RequestParam String study, @RequestParam String localId, Principal user, RedirectAttributes flash)
            throws IOException {
        Job job = doLink(study, localId, user);
        flash.addFlashAttribute("message", "job " + job.id());
        return "redirect:/jobs/" + job.id();
    }

    /** The confirmation step before a rejection: what will go, and a required reason. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY)
    @GetMapping("/quarantine/reject")
    public String confirmReject(@RequestParam String study, Model model) {
        QuarantineStudy found = desk.openStudies().stream().filter(s -> s.studyInstanceUid().equals(study))
                .findFirst().orElse(null);
        if (found == null) {
            return "redirect:/quarantine";
        }
        model.addAttribute("s", found);
        return "quarantine-reject";
    }

    /** Rejects a study after the confirmation step; without a reason the person is asked again. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUARANTINE_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, recordedByDomain = true)
    @PostMapping("/quarantine/reject")
    public String reject(@RequestParam String study, @RequestParam(required = false) String reason, Principal user,
                         RedirectAttributes flash) throws IOException {
        if (reason == null || reason.isBlank()) {
            flash.addFlashAttribute("reasonMissing", true);
            return "redirect:/quarantine/reject?study=" + java.net.URLEncoder.encode(study,
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        int n = desk.reject(study, user.getName(), reason);
        flash.addFlashAttribute("rejected", n);
        return "redirect:/quarantine";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.RETRIEVE, subject = nl.zorgbrug.app.access.PatientData.Subject.QUARANTINE_ITEM)
    @GetMapping("/quarantine/items/{id}/original")
    public ResponseEntity<FileSystemResource> download(@PathVariable long id) {
        Path file = desk.original(id);
        if (!Files.exists(file)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"")
                .contentType(MediaType.parseMediaType("application/dicom")).body(new FileSystemResource(file));
    }

    // ---- API

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, listsPatients = true)
    @GetMapping("/api/quarantine")
    @ResponseBody
    public Map<String, List<QuarantineItem>> api() {
        Map<String, List<QuarantineItem>> open = byStudy();
        // The items carry the Patient ID masked; the audit event names the patients whole, from the spooled heads.
        shown(desk.openStudies().stream().filter(s -> open.containsKey(s.studyInstanceUid())).toList());
        return open;
    }

    /**
     * Names the quarantined studies' patients for the list's audit event (issue 17): the Patient ID as it arrived (a
     * BSN, or the sender's own number, which is not looked up in this hospital's MPI).
     */
    private static List<QuarantineStudy> shown(List<QuarantineStudy> studies) {
        nl.zorgbrug.app.access.ShownPatients.asArrived(studies.stream().map(QuarantineStudy::patientId).toList());
        return studies;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUARANTINE_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, recordedByDomain = true)
    @PostMapping("/api/quarantine/{study}/link")
    @ResponseBody
    public Job apiLink(@PathVariable String study, @RequestParam String localId, Principal user) throws IOException {
        return doLink(study, localId, user);
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUARANTINE_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, recordedByDomain = true)
    @PostMapping("/api/quarantine/{study}/reject")
    @ResponseBody
    public Map<String, Integer> apiReject(@PathVariable String study, @RequestParam String reason, Principal user)
            throws IOException {
        return Map.of("rejected", desk.reject(study, user.getName(), reason));
    }

    private Job doLink(String study, String localId, Principal user) throws IOException {
        MpiPatient patient = mpi.byLocalId(localId, policy.localIssuer()).orElseThrow(() ->
                new IllegalArgumentException("no patient with local number " + localId + " in the MPI"));
        return desk.link(study, patient, user.getName());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
