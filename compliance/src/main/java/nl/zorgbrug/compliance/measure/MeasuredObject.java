package nl.zorgbrug.compliance.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;

/**
 * One object the node received or sent, as compliance counts it: for an import the verdict of what arrived, for an
 * export the verdict of what left after the swap (issue 15: what is measured is what was sent).
 *
 * @param institution the address book's key of the other side (the sender of an import, the destination of an
 *                    export), null when the book does not know it
 * @param aeTitle     the calling AE title the object came from
 * @param modality    (0008,0060), null when unknown
 * @param studyDate   (0008,0020), null when missing or malformed
 * @param urgent      the object came in over an emergency route (category 1)
 * @param foreigner   the foreigner rule holds for it ({@link ForeignerRule})
 * @param evidence    which tags held what, identifiers masked (the classifier's evidence)
 */
public record MeasuredObject(Direction direction, String studyInstanceUid, String sopInstanceUid, String route,
                             String institution, String aeTitle, String modality, LocalDate studyDate,
                             Instant receivedAt, Verdict verdict, boolean urgent, boolean foreigner,
                             List<Evidence> evidence) {
    public MeasuredObject {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(verdict, "verdict");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
