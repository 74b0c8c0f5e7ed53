package nl.zorgbrug.registry.consumer;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A study of the own PACS as its C-FIND answer gives it (PS3.4 C.6.2.1.2: Study Instance UID, Study Date and Time,
 * Modalities in Study, Study Description, Accession Number).
 *
 * @param started study date and time in the PACS's zone; null when the PACS gave no date
 */
public record LocalStudy(String studyInstanceUid, LocalDateTime started, List<String> modalities, String description,
                         String accession) {
    public LocalStudy {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
    }
}
