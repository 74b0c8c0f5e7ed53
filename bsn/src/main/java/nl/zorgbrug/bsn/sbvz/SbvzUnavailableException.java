package nl.zorgbrug.bsn.sbvz;

/** The SBV-Z gave no answer; nothing about the BSN was learnt, so the patient's status stays as it was. */
public class SbvzUnavailableException extends RuntimeException {
    public SbvzUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
