package nl.zorgbrug.audit.export;

import java.time.Instant;

/**
 * Where one export stands: the last record acknowledged, how many wait (the backlog), the failures in a row, the
 * last failure's text and when the next try is due (null while the repository takes records).
 */
public record ExportStatus(String repository, long acknowledged, long backlog, int failuresInARow,
                           String lastFailure, Instant nextAttempt) {
}
