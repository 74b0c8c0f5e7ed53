package nl.zorgbrug.transport.link;

import java.time.Instant;

/**
 * One study sent as a download link (issue 21, "DICOM e-mail"): ordered by a person for one recipient, then packed,
 * stored and mailed by {@link LinkTransport}. Only the SHA-256 of the link's token is kept, and the code only salted
 * and hashed ({@link Secrets}): the node's database never holds what opens a package.
 *
 * @param recipient      the e-mail address the link and the code go to
 * @param institution    the address-book key the address was taken from, or null when typed
 * @param reason         why it is sent (required: it is told to the recipient and kept in the trail)
 * @param swap           whether the export swap is applied (BSN in), or the objects go as the node holds them
 * @param once           the link works for one download; otherwise as often as wanted until {@code until}
 * @param until          the link works until then (a once-link too)
 * @param tokenHash      SHA-256 of the link's token, hex; null until mailed
 * @param codeSalt       the code's salt, hex; null until mailed
 * @param codeHash       SHA-256 of salt and code, hex; null until mailed
 * @param failedAttempts wrong codes so far
 * @param jobId          the link route's job that packed it, null until packed
 * @param packageFile    the stored package's file name (in the node's link folder), null once deleted
 * @param patientId      the Patient ID in the package (the BSN after the swap), for the audit trail
 */
public record DownloadLink(long id, String studyInstanceUid, String recipient, String institution, String reason,
                           boolean swap, boolean once, Instant until, LinkState state, String orderedBy,
                           Instant ordered, String tokenHash, String codeSalt, String codeHash, int failedAttempts,
                           int downloads, Long jobId, String packageFile, long packageBytes, String patientId) {

    /** A new order. */
    public static DownloadLink order(String studyInstanceUid, String recipient, String institution, String reason,
                                     boolean swap, boolean once, Instant until, String user, Instant now) {
        return new DownloadLink(0, studyInstanceUid, recipient, institution, reason, swap, once, until,
                LinkState.ORDERED, user, now, null, null, null, 0, 0, null, null, 0, null);
    }

    public DownloadLink withId(long newId) {
        return new DownloadLink(newId, studyInstanceUid, recipient, institution, reason, swap, once, until, state,
                orderedBy, ordered, tokenHash, codeSalt, codeHash, failedAttempts, downloads, jobId, packageFile,
                packageBytes, patientId);
    }

    public DownloadLink withState(LinkState next) {
        return new DownloadLink(id, studyInstanceUid, recipient, institution, reason, swap, once, until, next,
                orderedBy, ordered, tokenHash, codeSalt, codeHash, failedAttempts, downloads, jobId, packageFile,
                packageBytes, patientId);
    }

    /** Packed and mailed: the secrets' hashes, the job, the package. */
    public DownloadLink mailed(String newTokenHash, String salt, String newCodeHash, long job, String file, long bytes,
                               String patient) {
        return new DownloadLink(id, studyInstanceUid, recipient, institution, reason, swap, once, until,
                LinkState.ACTIVE, orderedBy, ordered, newTokenHash, salt, newCodeHash, 0, 0, job, file, bytes, patient);
    }

    public DownloadLink withFailedAttempt() {
        return new DownloadLink(id, studyInstanceUid, recipient, institution, reason, swap, once, until, state,
                orderedBy, ordered, tokenHash, codeSalt, codeHash, failedAttempts + 1, downloads, jobId, packageFile,
                packageBytes, patientId);
    }

    public DownloadLink withDownload() {
        return new DownloadLink(id, studyInstanceUid, recipient, institution, reason, swap, once, until, state,
                orderedBy, ordered, tokenHash, codeSalt, codeHash, failedAttempts, downloads + 1, jobId, packageFile,
                packageBytes, patientId);
    }

    /** The same link without its package (deleted). */
    public DownloadLink withoutPackage() {
        return new DownloadLink(id, studyInstanceUid, recipient, institution, reason, swap, once, until, state,
                orderedBy, ordered, tokenHash, codeSalt, codeHash, failedAttempts, downloads, jobId, null, 0,
                patientId);
    }

    /** Whether its date has passed. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(until);
    }
}
