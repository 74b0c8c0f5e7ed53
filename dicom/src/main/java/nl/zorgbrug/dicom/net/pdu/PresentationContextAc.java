package nl.zorgbrug.dicom.net.pdu;

/**
 * Presentation Context item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2). A rejected context may carry
 * no transfer syntax at all (then {@code transferSyntax} is empty), which readers must tolerate.
 */
public record PresentationContextAc(int id, int result, String transferSyntax) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public boolean accepted() {
        return result == ACCEPTANCE;
    }

    public static String describe(int result) {
        switch (result) {
            case ACCEPTANCE: return "acceptance";
            case USER_REJECTION: return "user-rejection";
            case NO_REASON: return "no-reason (provider rejection)";
            case ABSTRACT_SYNTAX_NOT_SUPPORTED: return "abstract-syntax-not-supported (provider rejection)";
            case TRANSFER_SYNTAXES_NOT_SUPPORTED: return "transfer-syntaxes-not-supported (provider rejection)";
            default: return "result " + result;
        }
    }
}
