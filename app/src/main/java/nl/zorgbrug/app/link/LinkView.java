package nl.zorgbrug.app.link;

import java.time.Instant;

import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.LinkState;

/** A download link as the console and the API show it: never a secret nor its hash, nor the patient. */
record LinkView(long id, String studyInstanceUid, String recipient, String institution, String reason, boolean swap,
                boolean once, Instant until, LinkState state, String orderedBy, Instant ordered, int failedAttempts,
                int downloads, Long jobId, long packageBytes, boolean revocable) {

    static LinkView of(DownloadLink l) {
        return new LinkView(l.id(), l.studyInstanceUid(), l.recipient(), l.institution(), l.reason(), l.swap(),
                l.once(), l.until(), l.state(), l.orderedBy(), l.ordered(), l.failedAttempts(), l.downloads(),
                l.jobId(), l.packageBytes(), l.state() == LinkState.ACTIVE || l.state() == LinkState.ORDERED);
    }
}
