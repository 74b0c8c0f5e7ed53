package nl.zorgbrug.compliance.tally;

import java.util.Objects;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * What a scan learnt about one object (a file, or a study's identifier from a PACS): its verdict with what the
 * study needs, or why it could not be counted. The scan's journal stores these, so they hold only what the counts
 * and the remediation list need: no evidence, no name, no BSN.
 */
public sealed interface ObjectResult permits ObjectResult.Classified, ObjectResult.Unreadable {

    /** Where the object came from: a path under the scanned folder, or the study's UID on a PACS. */
    String source();

    /**
     * A counted object. {@code studyDate} is the raw DA value (may be empty or malformed: the year is then unknown),
     * {@code modality} may be empty; {@code patientId}/{@code issuer} are the object's (0010,0020) and effective
     * issuer, which the remediation list needs to find the patient in the MPI.
     */
    record Classified(String source, String studyUid, Verdict verdict, String modality, String studyDate,
                      String patientId, String issuer, Fix fix, String fixReason) implements ObjectResult {
        public Classified {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(fix, "fix");
            if (studyUid == null || studyUid.isEmpty()) {
                throw new IllegalArgumentException(source + ": a counted object needs its Study Instance UID (0020,000D)");
            }
            modality = modality == null ? "" : modality;
            studyDate = studyDate == null ? "" : studyDate;
            patientId = patientId == null ? "" : patientId;
            issuer = issuer == null ? "" : issuer;
            fixReason = fixReason == null ? "" : fixReason;
        }
    }

    /** A file that is not DICOM, or DICOM that cannot be parsed or counted, with the reason; the scan goes on. */
    record Unreadable(String source, String reason) implements ObjectResult {
        public Unreadable {
            Objects.requireNonNull(source, "source");
            reason = reason == null || reason.isBlank() ? "unreadable" : reason;
        }
    }
}
