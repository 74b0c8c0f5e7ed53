package nl.zorgbrug.registry.consumer;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One study on the timeline, whatever the number of documents the index and the own PACS have for it.
 *
 * @param institution  the author institution of the index's entry, or the own hospital for a study only the PACS has
 * @param started      local time of the study (the index's serviceStartTime in the node's zone, or the PACS's study
 *                     date and time); null when nobody gave one
 * @param manifest     the KOS in the index; empty when only the own PACS has the study
 * @param report       the report's entry (classCode REPORTS, the same Study Instance UID); empty when none is indexed
 * @param alreadyHere  whether the own PACS holds the study
 */
public record TimelineRow(String studyInstanceUid, String institution, LocalDateTime started, List<String> modalities,
                          String procedure, Optional<IndexedDocument> manifest, Optional<IndexedDocument> report,
                          boolean alreadyHere) {
    public TimelineRow {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        manifest = manifest == null ? Optional.empty() : manifest;
        report = report == null ? Optional.empty() : report;
    }

    /** Whether the index lists it (so it can be imported). */
    public boolean inIndex() {
        return manifest.isPresent();
    }
}
