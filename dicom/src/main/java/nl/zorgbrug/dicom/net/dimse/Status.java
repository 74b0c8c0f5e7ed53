package nl.zorgbrug.dicom.net.dimse;

/**
 * A DIMSE status (PS3.7 Annex C) with an optional Error Comment (0000,0902). The category follows
 * PS3.7 C.1: 0000 success; FF00/FF01 pending; FE00 cancel; 0001, 0107, 0116 and Bxxx warning;
 * everything else failure.
 */
public record Status(int code, String errorComment) {
    public static final Status SUCCESS = new Status(0x0000, null);
    public static final Status PENDING = new Status(0xFF00, null);
    public static final Status CANCEL = new Status(0xFE00, null);
    /** C-STORE warning: coercion of data elements (PS3.4 B.2.3). */
    public static final Status COERCION_OF_DATA_ELEMENTS = new Status(0xB000, null);
    /** C-STORE failure: refused, out of resources (PS3.4 B.2.3). */
    public static final Status OUT_OF_RESOURCES = new Status(0xA700, null);
    /** C-STORE failure: data set does not match SOP class (PS3.4 B.2.3). */
    public static final Status DATA_SET_DOES_NOT_MATCH_SOP_CLASS = new Status(0xA900, null);
    /** C-STORE failure: cannot understand (PS3.4 B.2.3). */
    public static final Status CANNOT_UNDERSTAND = new Status(0xC000, null);
    /** General failure: processing failure (PS3.7 C.4.2). */
    public static final Status PROCESSING_FAILURE = new Status(0x0110, null);
    /** Refused: SOP class not supported (PS3.7 C.5.5). */
    public static final Status SOP_CLASS_NOT_SUPPORTED = new Status(0x0122, null);
    /** Unrecognized operation (PS3.7 C.5.10). */
    public static final Status UNRECOGNIZED_OPERATION = new Status(0x0211, null);

    public Status withComment(String comment) {
        // PS3.7 C.4.2: Error Comment is LO, at most 64 characters.
        String c = comment == null ? null : comment.length() > 64 ? comment.substring(0, 64) : comment;
        return new Status(code, c);
    }

    public boolean isSuccess() {
        return code == 0x0000;
    }

    public boolean isPending() {
        return code == 0xFF00 || code == 0xFF01;
    }

    public boolean isCancel() {
        return code == 0xFE00;
    }

    public boolean isWarning() {
        return code == 0x0001 || code == 0x0107 || code == 0x0116 || (code & 0xF000) == 0xB000;
    }

    public boolean isFailure() {
        return !isSuccess() && !isPending() && !isCancel() && !isWarning();
    }

    @Override
    public String toString() {
        String kind = isSuccess() ? "Success" : isPending() ? "Pending" : isCancel() ? "Cancel"
                : isWarning() ? "Warning" : "Failure";
        return String.format("%s 0x%04X%s", kind, code, errorComment == null ? "" : " (" + errorComment + ")");
    }
}
