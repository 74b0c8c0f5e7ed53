package nl.zorgbrug.app.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.registry.consumer.TimelineRow;

/**
 * Importing a study of the image timeline over REST (issue 20 part 3): {@code POST /api/images/import} with {@code
 * {"localId": ..., "studyInstanceUid": ...}} (or {@code "bsn"}) keeps the import as a job and answers 202 with its id;
 * {@code GET /api/images/imports/{id}} tells how it stands. The study is asked of the index again first, so consent and
 * the BSN rule hold at the moment of the import.
 */
@RestController
public class ImageImportApi {
    private final ImageTimeline timeline;
    private final ImageImports imports;

    ImageImportApi(ImageTimeline timeline, ImageImports imports) {
        this.timeline = timeline;
        this.imports = imports;
    }

    record ImportRequest(String bsn, String localId, String studyInstanceUid) {
    }

    /** The person's import: a RETRIEVE when it runs, recorded by the import (ImageImports), with the person. */
    @PatientData(value = EventType.RETRIEVE, recordedByDomain = true)
    @PostMapping("/api/images/import")
    public ResponseEntity<Map<String, Object>> request(@RequestBody ImportRequest body, Authentication who) {
        if (body == null || body.studyInstanceUid() == null || body.studyInstanceUid().isBlank()) {
            throw new IllegalArgumentException("the body must be {\"localId\": \"...\" (or \"bsn\"),"
                    + " \"studyInstanceUid\": \"...\"}");
        }
        MpiPatient patient = timeline.patient(body.bsn(), body.localId()).orElse(null);
        if (patient == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "the patient is not known in this"
                    + " hospital's MPI"));
        }
        ShownPatients.of(List.of(new PatientRef(patient.bsn(), patient.localId())));
        TimelineRow row = timeline.row(patient, body.studyInstanceUid().strip(), who.getName()).orElse(null);
        if (row == null) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "the index does not list this"
                    + " study for the patient now (or could not be asked, or the patient did not consent): see"
                    + " GET /api/images/timeline; nothing imported"));
        }
        long id = imports.request(patient.bsn(), patient.localId(), row.studyInstanceUid(), row.manifest().orElseThrow(),
                who.getName());
        return ResponseEntity.accepted().body(Map.of("id", id, "alreadyHere", row.alreadyHere()));
    }

    @PatientData(value = EventType.VIEW, subject = PatientData.Subject.NONE, listsPatients = true)
    @GetMapping("/api/images/imports/{id}")
    public ResponseEntity<Map<String, Object>> status(@PathVariable long id) {
        ImageImports.ImageImport i = imports.find(id).orElse(null);
        if (i == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no image import " + id));
        }
        ShownPatients.of(List.of(new PatientRef(i.bsn(), i.localId())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("studyInstanceUid", i.studyInstanceUid());
        m.put("localId", i.localId());
        m.put("state", i.state().name());
        m.put("attempts", i.attempts());
        m.put("reason", i.reason());
        m.put("instances", i.instances());
        m.put("imported", i.imported());
        m.put("quarantined", i.quarantined());
        m.put("repositoryUniqueId", i.manifest().repositoryUniqueId());
        return ResponseEntity.ok(m);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> bad(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
