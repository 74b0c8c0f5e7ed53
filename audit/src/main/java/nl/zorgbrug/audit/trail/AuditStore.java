package nl.zorgbrug.audit.trail;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.zorgbrug.audit.event.AuditEvent;

/**
 * Where the trail keeps its records and checkpoints: append and read only, there is no update and no delete
 * (issue 17). In the node a database table (app's JdbcAuditStore, V16); in tests memory. Only
 * {@link AuditTrail} appends, one batch at a time. Several writers (node processes on one database, issue 22) append
 * through {@link #appendAfterHead}, which reads the head under a lock every writer takes, so the chain stays one.
 */
public interface AuditStore {

    /** The last record, empty for an empty trail. */
    Optional<AuditRecord> last();

    /**
     * Appends records, all or none (one transaction). Their {@code seq}s follow the last record's without a gap;
     * a store refuses a {@code seq} it already holds (a second writer), which fails the whole batch.
     */
    void append(List<AuditRecord> records);

    /**
     * As {@link #append(List)}, with the event each record was made of ({@code events.get(i)} is the event of
     * {@code records.get(i)}), so a store that files columns of the event next to the text need not read the text
     * back (issue 17: the trail's cost per event). The default ignores them.
     */
    default void append(List<AuditRecord> records, List<AuditEvent> events) {
        append(records);
    }

    /** What an append adds after the trail's head: records and the event each was made of, in the same order. */
    record Chained(List<AuditRecord> records, List<AuditEvent> events) {
        public Chained {
            if (records.size() != events.size()) {
                throw new IllegalArgumentException("audit trail: " + records.size() + " records but " + events.size()
                        + " events to append; each record needs the event it was made of");
            }
            records = List.copyOf(records);
            events = List.copyOf(events);
        }
    }

    /**
     * Appends, all or none, the records {@code chain} makes after the trail's head as it is now, read under a lock
     * that every writer of this store takes for the whole append (the node's database: a row lock, V56), so two
     * writers never chain from the same head, whichever process they run in (issue 22). Returns what was appended.
     * This default serialises the writers of this object only (one process, tests).
     */
    default Chained appendAfterHead(java.util.function.Function<Optional<AuditRecord>, Chained> chain) {
        synchronized (this) {
            Chained made = chain.apply(last());
            if (!made.records().isEmpty()) {
                append(made.records(), made.events());
            }
            return made;
        }
    }

    /**
     * Keeps the checkpoint {@code sign} makes of the trail's head and the last checkpoint kept, both read under the
     * append lock ({@link #appendAfterHead}), so no record is appended meanwhile and the checkpoints' counts never go
     * down, whichever writer signs; {@code sign} returns null for none. Returns the checkpoint kept, or null.
     */
    default SignedCheckpoint checkpointHead(java.util.function.BiFunction<Optional<AuditRecord>,
            Optional<SignedCheckpoint>, SignedCheckpoint> sign) {
        synchronized (this) {
            List<SignedCheckpoint> kept = checkpoints();
            SignedCheckpoint made = sign.apply(last(), kept.isEmpty() ? Optional.empty()
                    : Optional.of(kept.get(kept.size() - 1)));
            return made == null ? null : addCheckpoint(made);
        }
    }

    /** Records with {@code seq > after}, in order, at most {@code limit}. */
    List<AuditRecord> read(long after, int limit);

    /**
     * The records whose event names this patient by BSN, oldest first, at most {@code limit} (the patient's overview,
     * Wabvpz art. 15d): as its patient, or among the patients a list or search showed ({@link AuditEvent#patients()}).
     */
    List<AuditRecord> forPatient(nl.zorgbrug.bsn.Bsn patient, int limit);

    /**
     * The records whose event happened in {@code [from, to)}, of {@code type} when not null, newest first, at most
     * {@code limit} (the privacy officer's search of the trail). This default reads the whole trail; a store with an
     * index on the time (the node's table) answers from it.
     */
    default List<AuditRecord> search(java.time.Instant from, java.time.Instant to,
                                     nl.zorgbrug.audit.event.EventType type, int limit) {
        java.util.ArrayList<AuditRecord> found = new java.util.ArrayList<>();
        long after = 0;
        for (List<AuditRecord> batch = read(after, 1000); !batch.isEmpty(); batch = read(after, 1000)) {
            for (AuditRecord r : batch) {
                AuditEvent e = r.event();
                if (!e.at().isBefore(from) && e.at().isBefore(to) && (type == null || e.type() == type)) {
                    found.add(r);
                }
            }
            after = batch.get(batch.size() - 1).seq();
        }
        java.util.Collections.reverse(found);
        return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
    }

    /** Of these event ids, those already in the trail (an event told again after a restart is kept once). */
    Set<UUID> existing(Collection<UUID> eventIds);

    /** Keeps a signed checkpoint and returns it with its id. */
    SignedCheckpoint addCheckpoint(SignedCheckpoint checkpoint);

    /** All checkpoints, oldest first. */
    List<SignedCheckpoint> checkpoints();

    /**
     * The last record whose {@code seq} is such that it and every record before it happened before {@code before}
     * (the records a purge may take); 0 when the first record is not that old.
     */
    long lastSeqAllBefore(java.time.Instant before);

    /** Keeps a signed purge mark and returns it with its id (before any record is removed). */
    SignedPurge addPurge(SignedPurge purge);

    /** All purge marks, oldest first. */
    List<SignedPurge> purges();

    /**
     * Removes records 1 to {@code through}, which a kept, signed purge mark covers; returns how many were removed.
     * The only removal there is (issue 17, retention): the database allows it only below a purge mark (V24).
     */
    long removeThrough(long through);
}
