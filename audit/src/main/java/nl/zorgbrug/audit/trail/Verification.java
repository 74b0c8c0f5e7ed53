package nl.zorgbrug.audit.trail;

/**
 * The result of {@link TrailVerifier#verify}: how many records and checkpoints were read, how many records came
 * after the last checkpoint (not yet vouched for by a signature), and the first {@link Finding}, null on an intact
 * trail.
 */
public record Verification(long records, int checkpoints, long unsignedTail, Finding finding) {

    public boolean intact() {
        return finding == null;
    }
}
