package nl.zorgbrug.gateway.manifest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * UIDs of the manifests this node makes. They are derived, not random, from what the manifest says (node,
 * job, study, destination, remark, referral reason and the sorted instance UIDs): a delivery that is
 * repeated after a crash makes the same manifest and the spool de-duplicates it, while a job that gained
 * instances gets a new one. Root: a UUID-derived OID (PS3.5 B.2, ITU-T X.667) made for Zorgbrug manifests,
 * with one arc below it of at most 19 digits, so a UID has at most 64 characters (PS3.5 9.1).
 */
public final class ManifestUids {
    public static final String ROOT = "2.25.209758090947355615782298347843388025641";

    private ManifestUids() {
    }

    /** Whether a SOP Instance UID is one of our manifests (so it is not referenced by the next one). */
    public static boolean isOurs(String sopInstanceUid) {
        return sopInstanceUid != null && sopInstanceUid.startsWith(ROOT + ".");
    }

    public static String manifest(String node, long jobId, String studyInstanceUid, String destination, String remark,
                                  String referralReason, Collection<String> sopInstanceUids) {
        StringBuilder s = new StringBuilder();
        s.append(node).append('\n').append(jobId).append('\n').append(studyInstanceUid).append('\n').append(destination)
                .append('\n').append(remark).append('\n').append(referralReason);
        for (String uid : new TreeSet<>(sopInstanceUids)) {
            s.append('\n').append(uid);
        }
        return ROOT + "." + hash(s.toString());
    }

    public static String series(String manifestUid) {
        return ROOT + "." + hash("series\n" + manifestUid);
    }

    private static long hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
