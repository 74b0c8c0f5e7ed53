package nl.zorgbrug.gateway.manifest;

import java.util.List;
import java.util.Objects;

/**
 * What a Zorgbrug node tells the receiver of a study in its manifest: the sender's remark and referral
 * reason, and every instance of the study as sent (the announced count and the per-study delivery proof
 * of issue 5). Encoded as a Key Object Selection Document by {@link ManifestBuilder}.
 *
 * @param sopInstanceUid the manifest's own SOP Instance UID
 * @param remark         the sender's remark, or null
 * @param referralReason the sender's referral reason, or null
 * @param references     the instances, in the order sent
 */
public record StudyManifest(String sopInstanceUid, String studyInstanceUid, String remark, String referralReason,
                            List<Reference> references) {

    public StudyManifest {
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        remark = blank(remark) ? null : remark.strip();
        referralReason = blank(referralReason) ? null : referralReason.strip();
        references = List.copyOf(references);
    }

    /** One referenced instance (PS3.3 C.17.2.1: the evidence names series, class and instance). */
    public record Reference(String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {
        public Reference {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        }
    }

    public List<String> sopInstanceUids() {
        return references.stream().map(Reference::sopInstanceUid).toList();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
