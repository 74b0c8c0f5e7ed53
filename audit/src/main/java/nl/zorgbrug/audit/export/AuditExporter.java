package nl.zorgbrug.audit.export;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditStore;

/**
 * Sends the local trail to one audit repository, in the trail's order (issue 17: "while the repository is down,
 * events queue durably and go later, in order, none lost"). The queue is the trail: the exporter reads the records
 * after its {@link ExportCursor}, sends them one by one and moves the cursor after each one that went out. When
 * the repository fails it stops at that record, waits ({@link Backoff}) and starts again with the same record, so
 * nothing is skipped and nothing overtakes. One exporter per repository (ATNA syslog, FHIR), each with its cursor.
 *
 * <p>Called from one scheduler thread; {@link #exportDue()} is synchronised so a last run at shutdown does not
 * overlap a scheduled one.
 */
public final class AuditExporter {
    private static final System.Logger LOG = System.getLogger(AuditExporter.class.getName());

    private final AuditStore store;
    private final LongSupplier trailCount;
    private final ExportCursor cursor;
    private final AuditRepository repository;
    private final Backoff backoff;
    private final Clock clock;
    private final int batchSize;

    private int failuresInARow;
    private String lastFailure;
    private Instant nextAttempt;

    /**
     * @param store      the trail's records
     * @param trailCount how many records the trail holds (the trail's head, kept in memory by AuditTrail)
     * @param batchSize  how many records are read from the store at a time
     */
    public AuditExporter(AuditStore store, LongSupplier trailCount, ExportCursor cursor, AuditRepository repository,
                         Backoff backoff, Clock clock, int batchSize) {
        this.store = Objects.requireNonNull(store);
        this.trailCount = Objects.requireNonNull(trailCount);
        this.cursor = Objects.requireNonNull(cursor);
        this.repository = Objects.requireNonNull(repository);
        this.backoff = Objects.requireNonNull(backoff);
        this.clock = Objects.requireNonNull(clock);
        if (batchSize < 1) {
            throw new IllegalArgumentException("export batch size must be at least 1, not " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Sends what waits, unless a back-off after a failure is still running. Returns how many records went out. On a
     * failure it stops at the failed record (the cursor stays before it) and schedules the next try.
     */
    public synchronized int exportDue() {
        if (nextAttempt != null && clock.instant().isBefore(nextAttempt)) {
            return 0;
        }
        int sent = 0;
        while (true) {
            List<AuditRecord> batch = store.read(cursor.acknowledged(), batchSize);
            for (AuditRecord record : batch) {
                try {
                    repository.send(record);
                } catch (RuntimeException e) {
                    failed(record, e);
                    return sent;
                }
                cursor.acknowledge(record.seq());
                sent++;
            }
            if (batch.size() < batchSize) {
                break;
            }
        }
        if (failuresInARow > 0) {
            LOG.log(System.Logger.Level.INFO, "audit export to {0}: the repository takes records again; {1} sent"
                    + " after {2} failed tries (audit-export naar {0} loopt weer)", repository.name(), sent,
                    failuresInARow);
        }
        failuresInARow = 0;
        lastFailure = null;
        nextAttempt = null;
        return sent;
    }

    private void failed(AuditRecord record, RuntimeException e) {
        failuresInARow++;
        lastFailure = e.getMessage();
        nextAttempt = clock.instant().plus(backoff.after(failuresInARow));
        // The first failure of a row is worth a warning; the rest repeat it, and the backlog metric shows them.
        System.Logger.Level level = failuresInARow == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        LOG.log(level, "audit export to {0}: record {1} did not go out ({2}); it and the {3} after it stay queued in"
                + " the local trail and are sent from {4} on (audit-export naar {0} mislukt, wordt opnieuw geprobeerd)",
                repository.name(), record.seq(), e.getMessage(), Math.max(0, trailCount.getAsLong() - record.seq()),
                nextAttempt);
    }

    /** How many records of the trail this repository has not acknowledged yet. */
    public long backlog() {
        return Math.max(0, trailCount.getAsLong() - cursor.acknowledged());
    }

    public synchronized ExportStatus status() {
        return new ExportStatus(repository.name(), cursor.acknowledged(), backlog(), failuresInARow, lastFailure,
                nextAttempt);
    }

    public String repositoryName() {
        return repository.name();
    }

    /** Closes the repository's connection. */
    public void close() {
        repository.close();
    }
}
