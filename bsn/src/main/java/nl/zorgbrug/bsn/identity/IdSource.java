package nl.zorgbrug.bsn.identity;

/** Where in the header a patient ID was found. */
public enum IdSource {
    /** (0010,0020) Patient ID with (0010,0021) and (0010,0024) of the Patient module (PS3.3 C.7.1.1). */
    PATIENT_ID("(0010,0020)"),
    /** An item of (0010,1002) Other Patient IDs Sequence. */
    OTHER_PATIENT_IDS_SEQUENCE("(0010,1002)"),
    /** A value of the retired (0010,1000) Other Patient IDs, which has no issuer. */
    RETIRED_OTHER_PATIENT_IDS("(0010,1000)");

    private final String tag;

    IdSource(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
