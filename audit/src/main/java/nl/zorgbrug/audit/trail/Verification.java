package nl.zorgbrug.audit.trail;

/**
 * The result of {@link TrailVerifier#verify}: how many records and checkpoints were read, how many records came
 * after the last checkpoint (not yet vouched for by a signature), the first {@link Finding} (null on an intact
 * trail), and up to which record the trail was purged on purpose (0 when never; a signed {@link PurgeMark}).
 */
public record Verification(long records, int checkpoints, long unsignedTail, Finding finding, long purgedThrough) {

    public Verification(long records, int checkpoints, long unsignedTail, Finding finding) {
        this(records, checkpoints, unsignedTail, finding, 0);
    }

    public boolean intact() {
        return finding == null;
    }
}
