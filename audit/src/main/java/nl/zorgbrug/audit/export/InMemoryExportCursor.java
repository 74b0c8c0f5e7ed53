package nl.zorgbrug.audit.export;

/** A cursor in memory, for tests and for a node that exports nothing durable (never in the node itself). */
public final class InMemoryExportCursor implements ExportCursor {
    private long acknowledged;

    public InMemoryExportCursor(long acknowledged) {
        this.acknowledged = acknowledged;
    }

    @Override
    public synchronized long acknowledged() {
        return acknowledged;
    }

    @Override
    public synchronized void acknowledge(long seq) {
        if (seq < acknowledged) {
            throw new IllegalArgumentException("export cursor would move back from " + acknowledged + " to " + seq);
        }
        acknowledged = seq;
    }
}
