package nl.zorgbrug.app.privacy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a patient recognises a study by in the overview (Wabvpz art. 15d: which data), instead of its Study Instance
 * UID: its description, date and modalities, as this node knows them.
 */
public interface StudyLabels {

    /** A study as a patient recognises it; any part may be missing (null, empty). */
    record StudyLabel(String description, LocalDate date, List<String> modalities) {
        public StudyLabel {
            modalities = modalities == null ? List.of() : List.copyOf(modalities);
        }
    }

    /** The label of {@code studyInstanceUid}, empty when this node knows nothing about it but the UID. */
    Optional<StudyLabel> of(String studyInstanceUid);

    StudyLabels NONE = uid -> Optional.empty();
}
