package nl.zorgbrug.compliance.pacs;

import java.io.IOException;

/**
 * Under {@link RetrieveWith#AUTO}: the PACS does not take our C-GET (rejected its presentation context, or refused the
 * scan's first C-GET). The scan turns to C-MOVE and does the month again; no retry is counted.
 */
final class GetRefused extends IOException {
    GetRefused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
