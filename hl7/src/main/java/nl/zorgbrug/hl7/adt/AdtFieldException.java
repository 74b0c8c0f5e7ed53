package nl.zorgbrug.hl7.adt;

/**
 * A message the node understood but cannot apply, because of one field: answered with AE and an ERR segment that
 * names the field ({@code field}, e.g. {@code PID-3}) and the HL7 error code (table 0357: 101 required field
 * missing, 102 data type error, 103 table value not found, 207 application internal error).
 */
public class AdtFieldException extends RuntimeException {
    private final String field;
    private final int hl7ErrorCode;

    public AdtFieldException(String field, int hl7ErrorCode, String message) {
        super(field + ": " + message);
        this.field = field;
        this.hl7ErrorCode = hl7ErrorCode;
    }

    public String field() {
        return field;
    }

    public int hl7ErrorCode() {
        return hl7ErrorCode;
    }
}
