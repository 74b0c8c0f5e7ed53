package nl.zorgbrug.audit.export;

/**
 * How far one audit repository has acknowledged the local trail (issue 17: the local trail stays the source of
 * truth; while the repository is down events queue and go later, in order, none lost). The queue is the trail
 * itself: everything after {@link #acknowledged()} is still to be sent. Kept durably (app's JdbcExportCursor, V20),
 * so a node that restarts goes on after the last record sent and sends none twice.
 */
public interface ExportCursor {

    /** The {@code seq} of the last record the repository took; 0 before the first. */
    long acknowledged();

    /** Records that the repository took every record up to {@code seq}; never moves back. */
    void acknowledge(long seq);
}
