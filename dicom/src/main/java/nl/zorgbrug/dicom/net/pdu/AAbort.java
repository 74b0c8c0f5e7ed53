package nl.zorgbrug.dicom.net.pdu;

/**
 * A-ABORT (PS3.8 9.3.8). {@code source}: 0 service user, 2 service provider (1 is reserved).
 * {@code reason} is only meaningful for the provider (PS3.8 Table 9-26).
 */
public record AAbort(int source, int reason) implements Pdu {
    public static final int SOURCE_SERVICE_USER = 0;
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int REASON_UNRECOGNIZED_PDU = 1;
    public static final int REASON_UNEXPECTED_PDU = 2;
    public static final int REASON_UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int REASON_UNEXPECTED_PDU_PARAMETER = 5;
    public static final int REASON_INVALID_PDU_PARAMETER_VALUE = 6;

    public static AAbort byUser() {
        return new AAbort(SOURCE_SERVICE_USER, REASON_NOT_SPECIFIED);
    }

    public static AAbort byProvider(int reason) {
        return new AAbort(SOURCE_SERVICE_PROVIDER, reason);
    }

    @Override
    public int type() {
        return A_ABORT;
    }

    /** For people: "service-provider, unexpected PDU". */
    public String describe() {
        String s = source == SOURCE_SERVICE_USER ? "service-user" : source == SOURCE_SERVICE_PROVIDER
                ? "service-provider" : "source " + source;
        if (source == SOURCE_SERVICE_USER) {
            return s;
        }
        switch (reason) {
            case REASON_NOT_SPECIFIED: return s + ", reason not specified";
            case REASON_UNRECOGNIZED_PDU: return s + ", unrecognized PDU";
            case REASON_UNEXPECTED_PDU: return s + ", unexpected PDU";
            case REASON_UNRECOGNIZED_PDU_PARAMETER: return s + ", unrecognized PDU parameter";
            case REASON_UNEXPECTED_PDU_PARAMETER: return s + ", unexpected PDU parameter";
            case REASON_INVALID_PDU_PARAMETER_VALUE: return s + ", invalid PDU parameter value";
            default: return s + ", reason " + reason;
        }
    }
}
