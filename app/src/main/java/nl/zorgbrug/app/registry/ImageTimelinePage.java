package nl.zorgbrug.app.registry;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/**
 * The console's image timeline (issue 20 part 3): find the patient by BSN or local id, then every study of the region
 * the index knows, one row each with its report, and the own PACS's studies, newest first, in local time. Above the
 * rows what the index said: "index unreachable, incomplete" or "no consent" are said as such, never as "no studies".
 * A row's report opens on the same page ({@code ?report=<Study Instance UID>}): its text, or a link to the PDF, or what
 * kept the repository from giving it.
 */
@Controller
public class ImageTimelinePage {
    private final ImageTimeline timeline;
    private final ImageImports imports;
    private final ImageReports reports;

    ImageTimelinePage(ImageTimeline timeline, ImageImports imports, ImageReports reports) {
        this.timeline = timeline;
        this.imports = imports;
        this.reports = reports;
    }

    /** The confirmation page of an import: the study as the index lists it now, and what will happen. */
    @PatientData(value = EventType.QUERY, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/images/import")
    public String confirm(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                          @RequestParam String study, Authentication who, Model model) {
        MpiPatient patient = timeline.patient(bsn, localId).orElse(null);
        if (patient == null) {
            return page(bsn, localId, null, who, model);
        }
        ShownPatients.of(List.of(new PatientRef(patient.bsn(), patient.localId())));
        model.addAttribute("patient", patient);
        model.addAttribute("row", timeline.row(patient, study, who.getName()).orElse(null));
        model.addAttribute("study", study);
        return "images-import";
    }

    /** The confirmed import: kept as a job, then back to the timeline. */
    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @org.springframework.web.bind.annotation.PostMapping("/images/import")
    public String importStudy(@RequestParam String localId, @RequestParam String study, Authentication who,
                              org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        MpiPatient patient = timeline.patient(null, localId).orElse(null);
        nl.zorgbrug.registry.consumer.TimelineRow row = patient == null ? null
                : timeline.row(patient, study, who.getName()).orElse(null);
        redirect.addAttribute("localId", localId);
        if (row == null) {
            redirect.addAttribute("importRefused", "true");
            return "redirect:/images";
        }
        redirect.addAttribute("imported", imports.request(patient.bsn(), patient.localId(), row.studyInstanceUid(),
                row.manifest().orElseThrow(), who.getName()));
        return "redirect:/images";
    }

    @PatientData(value = EventType.QUERY, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/images")
    public String page(@RequestParam(required = false) String bsn, @RequestParam(required = false) String localId,
                       @RequestParam(required = false) String report, Authentication who, Model model) {
        model.addAttribute("imports", imports);
        model.addAttribute("consumerEnabled", timeline.consumerEnabled());
        model.addAttribute("bsn", bsn);
        model.addAttribute("localId", localId);
        boolean asked = bsn != null && !bsn.isBlank() || localId != null && !localId.isBlank();
        model.addAttribute("asked", asked);
        if (!asked) {
            return "images";
        }
        if ((localId == null || localId.isBlank()) && !Bsn.isValid(bsn.strip())) {
            model.addAttribute("error", "bsn");
            return "images";
        }
        MpiPatient patient = timeline.patient(bsn, localId).orElse(null);
        if (patient == null) {
            model.addAttribute("error", "unknown");
            return "images";
        }
        ShownPatients.of(List.of(new PatientRef(patient.bsn(), patient.localId())));
        model.addAttribute("patient", patient);
        if (report != null && !report.isBlank()) {
            // A row's report opened (?report=<Study Instance UID>): retrieved by ITI-43 and audited (ImageReports);
            // shown above the rows, a repository that cannot be reached said as such.
            model.addAttribute("opened", reports.open(patient, report.strip(), who.getName()));
            model.addAttribute("reportStudy", report.strip());
        }
        model.addAttribute("timeline", timeline.timeline(patient, who.getName()));
        return "images";
    }
}
