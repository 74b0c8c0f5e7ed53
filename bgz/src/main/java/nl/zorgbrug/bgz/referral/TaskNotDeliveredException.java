package nl.zorgbrug.bgz.referral;

/**
 * The receiving institution did not accept the Notified Pull Task (no answer, or a refusal with its reason): its token
 * was revoked, so nothing can be pulled with it; send the referral again once the cause is resolved.
 */
public final class TaskNotDeliveredException extends RuntimeException {
    private final int status;

    TaskNotDeliveredException(String receiver, int status, String why) {
        super("the BgZ Task was not accepted by " + receiver + (status == 0 ? "" : " (HTTP " + status + ")") + ": "
                + why + "; its token was revoked, send the referral again once this is resolved");
        this.status = status;
    }

    /** The HTTP status of the refusal, 0 when no answer came. */
    public int status() {
        return status;
    }
}
