package nl.zorgbrug.bgz.receive;

/**
 * A BgZ came back with a Patient of another BSN than the one asked for: it was not stored (the refusal is in the
 * audit trail). Ask the sending institution which patient its answer was for.
 */
public final class ForeignPatientException extends RuntimeException {
    public ForeignPatientException(String source) {
        super("the BgZ from " + source + " holds a Patient with another BSN than the patient asked for; it was not "
                + "stored: ask " + source + " which patient the answer was for");
    }
}
