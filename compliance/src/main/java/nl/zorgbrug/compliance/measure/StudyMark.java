package nl.zorgbrug.compliance.measure;

import java.time.Instant;
import java.util.Objects;

/**
 * What a person recorded about one study, with a reason (audited through the gateway's person actions): that it was a
 * category-1 emergency ({@link Exemption#EMERGENCY}, marked on its job) or that it is exempt for another reason
 * ({@link Exemption#PERSON}). The reason is shown wherever the study is counted.
 */
public record StudyMark(String studyInstanceUid, Exemption kind, String reason, String user, Instant at) {
    public StudyMark {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        if (kind != Exemption.EMERGENCY && kind != Exemption.PERSON) {
            throw new IllegalArgumentException("a person marks a study as emergency or exempt, not " + kind);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("exempting study " + studyInstanceUid + " needs a reason;"
                    + " give one so whoever reads the count knows why it is left out");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("exempting study " + studyInstanceUid + " needs the person who does it");
        }
        Objects.requireNonNull(at, "at");
    }
}
