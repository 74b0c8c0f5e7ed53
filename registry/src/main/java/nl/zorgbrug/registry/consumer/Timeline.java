package nl.zorgbrug.registry.consumer;

import java.util.List;
import java.util.Objects;

/**
 * A patient's studies in the region: one row per Study Instance UID, the index's and the own PACS's merged.
 *
 * @param index       what the index said; anything but COMPLETE means the rows may miss studies
 * @param indexDetail the reason in words (registry codes, the transport's words, the Wabvpz refusal); no BSN
 * @param pacsAsked   whether the own PACS answered, so that "already here" can be trusted
 * @param pacsDetail  why not, when it did not
 */
public record Timeline(List<TimelineRow> rows, IndexState index, String indexDetail, boolean pacsAsked,
                       String pacsDetail) {
    public Timeline {
        rows = List.copyOf(rows);
        Objects.requireNonNull(index, "index");
    }
}
