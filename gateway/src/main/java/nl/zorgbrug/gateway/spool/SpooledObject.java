package nl.zorgbrug.gateway.spool;

import java.nio.file.Path;

/**
 * An object safely on disk in the spool.
 *
 * @param duplicate true when a byte-identical copy had been spooled before (a harmless resend): {@code path} and
 *                  {@code version} are that copy's, nothing new was kept
 * @param version   which version of the instance this is in the spool: 1 for the first, 2 and on for a resend with
 *                  the same SOP Instance UID but other content (a corrected object, issue 15), kept beside the
 *                  earlier ones ({@link Spool#pathOf(String, String, int)})
 * @param digest    SHA-256 (hex) of the data set as spooled, which tells a resend from a correction; null where the
 *                  writer did not say where the data set begins and for objects spooled before versions existed
 */
public record SpooledObject(String studyInstanceUid, String sopInstanceUid, Path path, long size, boolean duplicate,
                            int version, String digest) {

    /** The first version, its digest not known. */
    public SpooledObject(String studyInstanceUid, String sopInstanceUid, Path path, long size, boolean duplicate) {
        this(studyInstanceUid, sopInstanceUid, path, size, duplicate, 1, null);
    }
}
