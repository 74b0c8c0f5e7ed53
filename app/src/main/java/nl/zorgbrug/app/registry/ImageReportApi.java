package nl.zorgbrug.app.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.registry.consumer.ReportReading;
import nl.zorgbrug.registry.consumer.TimelineRow;

/**
 * The report of a timeline row over REST (issue 20 part 3): {@code GET /api/images/report?localId=...} (or {@code
 * bsn}) {@code &studyInstanceUid=...}. A text report (text/plain, or an SR's text) is JSON with the study's date in
 * local time; a PDF is the PDF itself ({@code application/pdf}, inline). A repository that cannot be reached or refuses
 * is 502 with what it said, never an empty report; a study the index does not list now 409; a study without report
 * 404. Each retrieval is a RETRIEVE of the person ({@link ImageReports}).
 */
@RestController
public class ImageReportApi {
    private final ImageTimeline timeline;
    private final ImageReports reports;

    ImageReportApi(ImageTimeline timeline, ImageReports reports) {
        this.timeline = timeline;
        this.reports = reports;
    }

    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @GetMapping("/api/images/report")
    public ResponseEntity<?> report(@RequestParam(required = false) String bsn,
                                    @RequestParam(required = false) String localId,
                                    @RequestParam(required = false) String studyInstanceUid, Authentication who) {
        if (studyInstanceUid == null || studyInstanceUid.isBlank()
                || (bsn == null || bsn.isBlank()) && (localId == null || localId.isBlank())) {
            throw new IllegalArgumentException("give the patient and the study: ?localId=<this hospital's patient"
                    + " number> (or ?bsn=<nine digits>) &studyInstanceUid=<the row's Study Instance UID>");
        }
        MpiPatient patient = timeline.patient(bsn, localId).orElse(null);
        if (patient == null) {
            return error(HttpStatus.NOT_FOUND, "the patient is not known in this hospital's MPI");
        }
        ShownPatients.of(List.of(new PatientRef(patient.bsn(), patient.localId())));
        ImageReports.Opened opened = reports.open(patient, studyInstanceUid.strip(), who.getName());
        if (!opened.listed()) {
            return error(HttpStatus.CONFLICT, "the index does not list this study for the patient now (or could not be"
                    + " asked, or the patient did not consent): see GET /api/images/timeline; no report retrieved");
        }
        if (opened.read().isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "the index lists no report for study " + studyInstanceUid.strip());
        }
        if (opened.pdf()) {
            byte[] pdf = ((ReportReading.Read.Pdf) opened.read().get()).bytes();
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("report-" + opened.row().report().get().uniqueId() + ".pdf").build().toString())
                    .body(pdf);
        }
        if (opened.unavailable() != null) {
            return error(HttpStatus.BAD_GATEWAY, "the report could not be retrieved from its repository; try again"
                    + " later: " + opened.unavailable());
        }
        if (opened.notReadable() != null) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, opened.notReadable());
        }
        TimelineRow row = opened.row();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studyInstanceUid", row.studyInstanceUid());
        m.put("institution", row.institution());
        m.put("started", row.started() == null ? null : row.started().toString());
        m.put("procedure", row.procedure());
        m.put("title", row.report().get().title());
        m.put("uniqueId", row.report().get().uniqueId());
        m.put("mimeType", "text/plain");
        m.put("text", opened.text());
        return ResponseEntity.ok(m);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String error) {
        return ResponseEntity.status(status).body(Map.of("error", error));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
