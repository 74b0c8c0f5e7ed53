package nl.zorgbrug.audit.trail;

import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Reads the whole trail and says whether it is as the node wrote it (issue 17, {@code zorgbrug audit verify}).
 * Records are read a page at a time, so memory does not grow with the trail.
 *
 * <p>How each tampering shows:
 * <ul>
 *   <li><b>changed</b>: the record's hash no longer matches its text (or, if the hash was recomputed, the next
 *       record's link no longer matches it, while the numbering has no gap);</li>
 *   <li><b>removed</b>: a gap in the numbering; or a link to a record that is not there; or fewer records than a
 *       checkpoint signed;</li>
 *   <li><b>inserted</b>: a record whose successor links past it, to the record before it;</li>
 *   <li><b>rewritten</b> (every hash after a change recomputed): the record at a checkpoint's count no longer has
 *       the hash that checkpoint signed.</li>
 * </ul>
 * Records after the last checkpoint are checked for their links but not vouched for by a signature
 * ({@link Verification#unsignedTail()}); the node checkpoints at an interval and when it stops, so that tail is
 * short.
 */
public final class TrailVerifier {
    private static final int PAGE = 1000;

    private final AuditStore store;
    private final PublicKey nodeKey;

    public TrailVerifier(AuditStore store, PublicKey nodeKey) {
        this.store = Objects.requireNonNull(store);
        this.nodeKey = Objects.requireNonNull(nodeKey);
    }

    public Verification verify() {
        List<SignedCheckpoint> checkpoints = store.checkpoints();
        List<SignedPurge> purges = store.purges();
        SignedPurge purge = null;
        for (SignedPurge p : purges) {
            if (!NodeKey.verify(p, nodeKey)) {
                return new Verification(0, checkpoints.size(), 0, new Finding(Finding.Kind.CHECKPOINT_FORGED, 0, null,
                        p.describe() + " does not carry a valid signature of the node's key " + NodeKey.keyId(nodeKey)
                                + " (forged, changed, or signed with key " + p.keyId() + "): records were removed"
                                + " under a purge the node did not make"));
            }
            if (purge != null && p.mark().through() < purge.mark().through()) {
                return new Verification(0, checkpoints.size(), 0, new Finding(Finding.Kind.REMOVED, 0, null,
                        p.describe() + " purges less than the earlier " + purge.describe()));
            }
            purge = p;
        }
        long purgedThrough = purge == null ? 0 : purge.mark().through();
        long lastSigned = 0;
        for (SignedCheckpoint c : checkpoints) {
            if (!NodeKey.verify(c, nodeKey)) {
                return new Verification(0, checkpoints.size(), 0, new Finding(Finding.Kind.CHECKPOINT_FORGED, 0, c,
                        c.describe() + " does not carry a valid signature of the node's key " + NodeKey.keyId(nodeKey)
                                + " (forged, changed, or signed with key " + c.keyId() + ")"), purgedThrough);
            }
            if (c.checkpoint().count() < lastSigned) {
                return new Verification(0, checkpoints.size(), 0, new Finding(Finding.Kind.REMOVED,
                        c.checkpoint().count() + 1, c, c.describe() + " counts fewer records than an earlier"
                        + " checkpoint (" + lastSigned + "): records were removed and the trail signed again"),
                        purgedThrough);
            }
            lastSigned = c.checkpoint().count();
        }
        Walk walk = new Walk(checkpoints, purge);
        Finding finding = walk.run();
        long tail = walk.accepted - Math.max(lastSigned, purgedThrough);
        return new Verification(walk.accepted - purgedThrough, checkpoints.size(), Math.max(0, tail), finding,
                purgedThrough);
    }

    /** One pass over the records, with one record of look-ahead (to tell an insertion from a removal). */
    private final class Walk {
        private final List<SignedCheckpoint> checkpoints;
        private final Deque<AuditRecord> buffer = new ArrayDeque<>();
        private long readUpTo = 0;
        private boolean exhausted;
        private long accepted;
        private Digest last = Digest.GENESIS;
        private Digest beforeLast;
        private long lastSeq;
        private int nextCheckpoint;

        private final SignedPurge purge;

        /**
         * After a purge the walk starts at the purge mark: records up to its {@code through} are gone on purpose,
         * the next one must link to the hash it signed, and checkpoints of fewer records can no longer be walked
         * (their signatures were checked).
         */
        Walk(List<SignedCheckpoint> checkpoints, SignedPurge purge) {
            this.checkpoints = checkpoints;
            this.purge = purge;
            if (purge != null) {
                lastSeq = purge.mark().through();
                accepted = lastSeq;
                readUpTo = lastSeq;
                last = purge.mark().head();
                while (nextCheckpoint < checkpoints.size()
                        && checkpoints.get(nextCheckpoint).checkpoint().count() < lastSeq) {
                    nextCheckpoint++;
                }
            }
        }

        Finding run() {
            Finding f = checkpointsAt(accepted);
            if (f != null) {
                return f;
            }
            AuditRecord r;
            while ((r = next()) != null) {
                if (r.seq() > lastSeq + 1) {
                    return finding(Finding.Kind.REMOVED, lastSeq + 1, "audit record " + (lastSeq + 1)
                            + (r.seq() == lastSeq + 2 ? "" : " to " + (r.seq() - 1)) + " removed: the trail goes from "
                            + lastSeq + " to " + r.seq());
                }
                if (r.seq() <= lastSeq) {
                    return finding(Finding.Kind.INSERTED, r.seq(), "audit record " + r.seq()
                            + " inserted: its number comes again after " + lastSeq);
                }
                boolean linked = r.previous().equals(last);
                if (!linked) {
                    AuditRecord after = peek();
                    if (after != null && after.previous().equals(last)) {
                        return finding(Finding.Kind.INSERTED, r.seq(), "audit record " + r.seq()
                                + " inserted: record " + after.seq() + " links past it to record " + lastSeq);
                    }
                    if (beforeLast != null && r.previous().equals(beforeLast)) {
                        return finding(Finding.Kind.INSERTED, lastSeq, "audit record " + lastSeq
                                + " inserted: record " + r.seq() + " links past it to record " + (lastSeq - 1));
                    }
                }
                if (!r.selfConsistent()) {
                    return finding(Finding.Kind.CHANGED, r.seq(), "audit record " + r.seq()
                            + " changed: its text or link no longer matches its hash " + r.hash().shortHex());
                }
                if (!linked) {
                    if (lastSeq == 0) {
                        return finding(Finding.Kind.REMOVED, 1, "audit record 1 removed: the first record links to"
                                + " a record before it, hash " + r.previous().shortHex());
                    }
                    if (purge != null && lastSeq == purge.mark().through()) {
                        return finding(Finding.Kind.REMOVED, r.seq(), "audit record " + r.seq() + " does not link to"
                                + " the last purged record: " + purge.describe() + " signed hash "
                                + last.shortHex() + ", the record links to " + r.previous().shortHex()
                                + "; records after the purge were removed and the rest renumbered");
                    }
                    if (peek() == null) {
                        return finding(Finding.Kind.INSERTED, r.seq(), "audit record " + r.seq() + " inserted at the"
                                + " end: it does not link to record " + lastSeq + " (hash " + last.shortHex() + ")");
                    }
                    return finding(Finding.Kind.CHANGED, lastSeq, "audit record " + lastSeq + " changed (and its"
                            + " hash recomputed): record " + r.seq() + " refers to another version of it, hash "
                            + r.previous().shortHex() + "; or records after " + lastSeq
                            + " were removed and the rest renumbered");
                }
                beforeLast = last;
                last = r.hash();
                lastSeq = r.seq();
                accepted++;
                f = checkpointsAt(accepted);
                if (f != null) {
                    return f;
                }
            }
            if (nextCheckpoint < checkpoints.size()) {
                SignedCheckpoint c = checkpoints.get(nextCheckpoint);
                return new Finding(Finding.Kind.REMOVED, accepted + 1, c, "audit records " + (accepted + 1) + " to "
                        + c.checkpoint().count() + " removed: the trail ends at " + accepted + " but "
                        + c.describe() + " counted " + c.checkpoint().count());
            }
            return null;
        }

        /** Checks every checkpoint whose count is the number of records accepted so far. */
        private Finding checkpointsAt(long count) {
            while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).checkpoint().count() == count) {
                SignedCheckpoint c = checkpoints.get(nextCheckpoint);
                if (!c.checkpoint().head().equals(last)) {
                    AuditRecord after = peek();
                    if (after != null && beforeLast != null && after.previous().equals(beforeLast)) {
                        return new Finding(Finding.Kind.INSERTED, count, c, "audit record " + count + " inserted:"
                                + " record " + after.seq() + " links past it to record " + (count - 1)
                                + "; this contradicts " + c.describe());
                    }
                    return new Finding(Finding.Kind.CHECKPOINT_CONTRADICTED, count, c, "the trail up to audit record "
                            + count + " ends in hash " + last.shortHex() + ", not in the hash " + c.describe()
                            + " signed: records up to " + count + " were rewritten (hashes recomputed); the change"
                            + " lies after " + previousCount() + "");
                }
                nextCheckpoint++;
            }
            return null;
        }

        private long previousCount() {
            return nextCheckpoint == 0 ? 0 : checkpoints.get(nextCheckpoint - 1).checkpoint().count();
        }

        private Finding finding(Finding.Kind kind, long seq, String message) {
            SignedCheckpoint covering = null;
            for (int i = nextCheckpoint; i < checkpoints.size(); i++) {
                if (checkpoints.get(i).checkpoint().count() >= seq) {
                    covering = checkpoints.get(i);
                    break;
                }
            }
            String where = covering == null
                    ? "; it lies after the last checkpoint, so no signature vouched for it yet"
                    : "; this contradicts " + covering.describe();
            return new Finding(kind, seq, covering, message + where);
        }

        private AuditRecord next() {
            fill();
            return buffer.pollFirst();
        }

        private AuditRecord peek() {
            if (buffer.isEmpty()) {
                fill();
            }
            return buffer.peekFirst();
        }

        private void fill() {
            if (buffer.isEmpty() && !exhausted) {
                List<AuditRecord> page = store.read(readUpTo, PAGE);
                if (page.size() < PAGE) {
                    exhausted = true;
                }
                if (!page.isEmpty()) {
                    readUpTo = page.get(page.size() - 1).seq();
                }
                buffer.addAll(page);
            }
        }
    }
}
