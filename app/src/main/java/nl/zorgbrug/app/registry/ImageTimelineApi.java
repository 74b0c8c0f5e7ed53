package nl.zorgbrug.app.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.registry.consumer.IndexedDocument;
import nl.zorgbrug.registry.consumer.Timeline;
import nl.zorgbrug.registry.consumer.TimelineRow;

/**
 * The image timeline over REST (issue 20 part 3): {@code GET /api/images/timeline?bsn=...} or {@code ?localId=...}.
 * The answer says whether the index answered in full ({@code index.complete}); anything else is never "no studies".
 * The console's page is {@link ImageTimelinePage}.
 */
@RestController
public class ImageTimelineApi {
    private final ImageTimeline timeline;

    ImageTimelineApi(ImageTimeline timeline) {
        this.timeline = timeline;
    }

    @PatientData(value = EventType.QUERY, subject = PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/api/images/timeline")
    public ResponseEntity<Map<String, Object>> timeline(@RequestParam(required = false) String bsn,
                                                        @RequestParam(required = false) String localId,
                                                        Authentication who) {
        if ((bsn == null || bsn.isBlank()) && (localId == null || localId.isBlank())) {
            throw new IllegalArgumentException("give the patient: ?bsn=<nine digits> or ?localId=<this hospital's"
                    + " patient number>");
        }
        MpiPatient patient = timeline.patient(bsn, localId).orElse(null);
        if (patient == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the patient is not known in this"
                    + " hospital's MPI: image availability is asked only for a patient known here"));
        }
        ShownPatients.of(List.of(new PatientRef(patient.bsn(), patient.localId())));
        return ResponseEntity.ok(body(patient, timeline.timeline(patient, who.getName()),
                AccessPolicy.seesWholeBsn(who)));
    }

    static Map<String, Object> body(MpiPatient patient, Timeline t, boolean wholeBsn) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("localId", patient.localId());
        p.put("bsn", patient.bsn() == null ? null : wholeBsn ? patient.bsn().value() : patient.bsn().masked());
        p.put("bsnStatus", patient.bsnStatus().name());
        out.put("patient", p);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("state", t.index().name());
        index.put("complete", t.index().complete());
        index.put("en", t.index().en());
        index.put("nl", t.index().nl());
        index.put("detail", t.indexDetail());
        out.put("index", index);
        Map<String, Object> pacs = new LinkedHashMap<>();
        pacs.put("asked", t.pacsAsked());
        pacs.put("detail", t.pacsDetail());
        out.put("ownPacs", pacs);
        out.put("rows", t.rows().stream().map(ImageTimelineApi::row).toList());
        return out;
    }

    private static Map<String, Object> row(TimelineRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studyInstanceUid", r.studyInstanceUid());
        m.put("institution", r.institution());
        m.put("started", r.started() == null ? null : r.started().toString());
        m.put("modalities", r.modalities());
        m.put("procedure", r.procedure());
        m.put("alreadyHere", r.alreadyHere());
        m.put("manifest", r.manifest().map(ImageTimelineApi::document).orElse(null));
        m.put("report", r.report().map(ImageTimelineApi::document).orElse(null));
        return m;
    }

    private static Map<String, Object> document(IndexedDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uniqueId", d.uniqueId());
        m.put("repositoryUniqueId", d.repositoryUniqueId());
        m.put("homeCommunityId", d.homeCommunityId());
        m.put("mimeType", d.mimeType());
        m.put("title", d.title());
        return m;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

}
