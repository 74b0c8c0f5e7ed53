package nl.zorgbrug.dicom.net.pdu;

/** A-ASSOCIATE-RJ (PS3.8 9.3.4, Table 9-21): result, source and reason of a rejection. */
public record AAssociateRj(int result, int source, int reason) implements Pdu {
    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    // source 1, DICOM UL service-user
    public static final int REASON_NO_REASON_GIVEN = 1;
    public static final int REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
    public static final int REASON_CALLING_AE_TITLE_NOT_RECOGNIZED = 3;
    public static final int REASON_CALLED_AE_TITLE_NOT_RECOGNIZED = 7;
    // source 2, ACSE related function
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    // source 3, presentation related function
    public static final int REASON_TEMPORARY_CONGESTION = 1;
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

    @Override
    public int type() {
        return A_ASSOCIATE_RJ;
    }

    /** For people, e.g. "rejected-permanent, service-user: calling-AE-title-not-recognized". */
    public String describe() {
        String r = result == RESULT_PERMANENT ? "rejected-permanent" : result == RESULT_TRANSIENT
                ? "rejected-transient" : "result " + result;
        String why;
        if (source == SOURCE_SERVICE_USER) {
            switch (reason) {
                case REASON_NO_REASON_GIVEN: why = "service-user: no-reason-given"; break;
                case REASON_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED:
                    why = "service-user: application-context-name-not-supported"; break;
                case REASON_CALLING_AE_TITLE_NOT_RECOGNIZED: why = "service-user: calling-AE-title-not-recognized"; break;
                case REASON_CALLED_AE_TITLE_NOT_RECOGNIZED: why = "service-user: called-AE-title-not-recognized"; break;
                default: why = "service-user: reason " + reason;
            }
        } else if (source == SOURCE_SERVICE_PROVIDER_ACSE) {
            why = reason == REASON_PROTOCOL_VERSION_NOT_SUPPORTED ? "service-provider (ACSE): protocol-version-not-supported"
                    : "service-provider (ACSE): reason " + reason;
        } else if (source == SOURCE_SERVICE_PROVIDER_PRESENTATION) {
            why = reason == REASON_TEMPORARY_CONGESTION ? "service-provider (presentation): temporary-congestion"
                    : reason == REASON_LOCAL_LIMIT_EXCEEDED ? "service-provider (presentation): local-limit-exceeded"
                    : "service-provider (presentation): reason " + reason;
        } else {
            why = "source " + source + ", reason " + reason;
        }
        return r + ", " + why;
    }
}
