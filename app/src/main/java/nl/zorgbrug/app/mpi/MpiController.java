package nl.zorgbrug.app.mpi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiFormatException;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.mpi.SbvzVerification;
import nl.zorgbrug.bsn.sbvz.SbvzUnavailableException;
import nl.zorgbrug.gateway.recheck.MpiRecheck;

/**
 * The MPI for machines: search (BSN masked unless the role sees it whole, AccessPolicy.SEE_WHOLE_BSN) and CSV import in the
 * columns of issue 4 ({@code local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex}).
 */
@RestController
@RequestMapping("/api/mpi")
public class MpiController {
    private final MpiStore mpi;
    private final MpiRecheck recheck;
    private final MpiChanges changes;

    public MpiController(MpiStore mpi, MpiRecheck recheck, MpiChanges changes) {
        this.mpi = mpi;
        this.recheck = recheck;
        this.changes = changes;
    }

    /** One patient as an administrator enters it through the API; the local issuer is the node's. */
    public record PatientInput(String localId, String bsn, BsnStatus bsnStatus, String familyName, String givenName,
                               String birthDate, String sex) {
    }

    /**
     * Adds or changes one patient (issue 16). Refused (400, naming the other local patient masked) when another
     * unconflicted patient carries the BSN; a person's save clears a conflict the feed raised.
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.MPI_CHANGE, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping(value = "/patients", consumes = "application/json")
    public PatientView save(@RequestBody PatientInput in, Authentication auth,
                            jakarta.servlet.http.HttpServletRequest request) {
        if (in.localId() == null || in.localId().isBlank() || in.bsnStatus() == null) {
            throw new IllegalArgumentException("localId and bsnStatus are required");
        }
        String localId = in.localId().strip();
        Bsn bsn = in.bsn() == null || in.bsn().isBlank() ? null : Bsn.parse(in.bsn().strip());
        java.util.Optional<MpiPatient> before = changes.patient(localId);
        SbvzVerification answer = before.filter(p -> java.util.Objects.equals(p.bsn(), bsn))
                .map(MpiPatient::verification).orElse(null);
        MpiPatient saved = changes.save(new MpiPatient(localId, changes.localIssuer(), bsn,
                bsn == null ? BsnStatus.NONE : in.bsnStatus(), blank(in.familyName()), blank(in.givenName()),
                blank(in.birthDate()), blank(in.sex()), answer, null), auth.getName(),
                nl.zorgbrug.audit.event.AccessPoint.host(request.getRemoteAddr()));
        recheck.afterMpiChange();
        return PatientView.of(saved, maySeeBsn(auth));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * Asks the BSN register (SBV-Z) about the patient through the node's port and records the answer; 503 when the
     * register did not answer (nothing changed).
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.MPI_CHANGE, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, recordedByDomain = true)
    @PostMapping("/patients/{localId}/verify")
    public PatientView verify(@PathVariable String localId, Authentication auth,
                              jakarta.servlet.http.HttpServletRequest request) {
        MpiPatient after = changes.verify(localId, auth.getName(),
                nl.zorgbrug.audit.event.AccessPoint.host(request.getRemoteAddr()));
        recheck.afterMpiChange();
        return PatientView.of(after, maySeeBsn(auth));
    }

    @ExceptionHandler(SbvzUnavailableException.class)
    ResponseEntity<Map<String, String>> noAnswer(SbvzUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }

    /**
     * A patient as shown to a user: the BSN whole only for roles that may see it. {@code bsnStatus} is the
     * {@code BsnStatus} name; the two facts it carries (Wabvpz: verified against the BSN register, validated with an
     * identity document) are also given apart, with the last SBV-Z answer and a conflict the feed raised.
     */
    public record PatientView(String localId, String localIssuer, String bsn, String bsnStatus, String familyName,
                              String givenName, String birthDate, String sex, boolean bsnVerified,
                              boolean bsnValidated, String sbvzAnswer, java.time.Instant sbvzAnsweredAt,
                              String conflict, String conflictDetail) {
        public static PatientView of(MpiPatient p, boolean fullBsn) {
            String bsn = p.bsn() == null ? null : fullBsn ? p.bsn().value() : p.bsn().masked();
            return new PatientView(p.localId(), p.localIssuer(), bsn, p.bsnStatus().name(), p.familyName(),
                    p.givenName(), p.birthDate(), p.sex(), p.bsnStatus().verified(), p.bsnStatus().validated(),
                    p.verification() == null ? null : p.verification().answer().name(),
                    p.verification() == null ? null : p.verification().at(),
                    p.conflict() == null ? null : p.conflict().kind().name(),
                    p.conflict() == null ? null : p.conflict().detail());
        }
    }

    static boolean maySeeBsn(Authentication auth) {
        return nl.zorgbrug.app.access.AccessPolicy.seesWholeBsn(auth);
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping
    public List<PatientView> search(@RequestParam(required = false) String bsn, @RequestParam(required = false) String name,
                                    @RequestParam(required = false) String birthDate, Authentication auth) {
        boolean full = maySeeBsn(auth);
        return shown(mpi.search(bsn, name, birthDate)).stream().map(p -> PatientView.of(p, full)).toList();
    }

    /** Names the MPI's patients a search shows for its audit event (issue 17) and returns them as they were. */
    static List<MpiPatient> shown(List<MpiPatient> found) {
        nl.zorgbrug.app.access.ShownPatients.of(found.stream()
                .map(p -> new nl.zorgbrug.audit.event.PatientRef(p.bsn(), p.localId())).toList());
        return found;
    }

    /**
     * Replaces the MPI table with the CSV's patients; nothing changes when the file is bad. Afterwards what waited
     * for the MPI is looked at again ({@link MpiRecheck}).
     */
    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.PATIENT_CHANGE)
    @PostMapping(value = "/import", consumes = "text/csv")
    public Map<String, Object> importCsv(@RequestBody String csv) throws IOException {
        Path tmp = Files.createTempFile("mpi", ".csv");
        try {
            Files.writeString(tmp, csv);
            List<MpiPatient> patients;
            try {
                patients = CsvMasterPatientIndex.load(tmp).patients();
            } catch (MpiFormatException e) {
                // The reader names its file; the person uploaded no file of that name (issue 15: no temp paths).
                throw new MpiFormatException(e.getMessage().replace(tmp.toString(), "uploaded CSV"));
            }
            int imported = mpi.replaceAll(patients);
            MpiRecheck.Result result = recheck.afterMpiChange();
            return Map.of("imported", imported, "jobsReleased", result.jobsReleased(),
                    "quarantineRefreshed", result.quarantineRefreshed());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @ExceptionHandler({MpiFormatException.class, IllegalArgumentException.class})
    ResponseEntity<Map<String, String>> bad(Exception e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
