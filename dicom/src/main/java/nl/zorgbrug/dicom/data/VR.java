package nl.zorgbrug.dicom.data;

import nl.zorgbrug.dicom.charset.TextVR;

/**
 * Value Representations of PS3.5 section 6.2, with what an encoder needs to know of each:
 * the length of its explicit VR header (PS3.5 7.1.2), its padding byte (PS3.5 6.2: space
 * for text, NUL for UI and binary), whether its values are text affected by the Specific
 * Character Set (PS3.5 6.1.2.3) and the size of a binary value unit for byte swapping.
 */
public enum VR implements TextVR {
    AE(Kind.TEXT, false, 0), AS(Kind.TEXT, false, 0), AT(Kind.BINARY, false, 2),
    CS(Kind.TEXT, false, 0), DA(Kind.TEXT, false, 0), DS(Kind.TEXT, false, 0),
    DT(Kind.TEXT, false, 0), FL(Kind.BINARY, false, 4), FD(Kind.BINARY, false, 8),
    IS(Kind.TEXT, false, 0), LO(Kind.TEXT, true, 0), LT(Kind.TEXT, true, 0),
    OB(Kind.BULK, false, 1), OD(Kind.BULK, false, 8), OF(Kind.BULK, false, 4),
    OL(Kind.BULK, false, 4), OV(Kind.BULK, false, 8), OW(Kind.BULK, false, 2),
    PN(Kind.TEXT, true, 0), SH(Kind.TEXT, true, 0), SL(Kind.BINARY, false, 4),
    SQ(Kind.SEQUENCE, false, 0), SS(Kind.BINARY, false, 2), ST(Kind.TEXT, true, 0),
    SV(Kind.BINARY, false, 8), TM(Kind.TEXT, false, 0), UC(Kind.TEXT, true, 0),
    UI(Kind.TEXT, false, 0), UL(Kind.BINARY, false, 4), UN(Kind.BULK, false, 1),
    UR(Kind.TEXT, false, 0), US(Kind.BINARY, false, 2), UT(Kind.TEXT, true, 0),
    UV(Kind.BINARY, false, 8);

    private enum Kind { TEXT, BINARY, BULK, SEQUENCE }

    private final Kind kind;
    private final boolean charsetAffected;
    private final int unitSize;

    VR(Kind kind, boolean charsetAffected, int unitSize) {
        this.kind = kind;
        this.charsetAffected = charsetAffected;
        this.unitSize = unitSize;
    }

    /** The two-byte code as it appears in an explicit VR header, e.g. 0x4F42 for "OB". */
    public int code() {
        return (name().charAt(0) << 8) | name().charAt(1);
    }

    /** The VR for a two-byte code, or null when the bytes name no VR of PS3.5 6.2. */
    public static VR ofCode(int code) {
        char a = (char) ((code >> 8) & 0xFF);
        char b = (char) (code & 0xFF);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return null;
        }
        try {
            return VR.valueOf(new String(new char[] {a, b}));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * PS3.5 7.1.2: these VRs have a 2-byte reserved field and a 32-bit length in explicit VR;
     * all others have a 16-bit length.
     */
    public boolean hasLongLength() {
        switch (this) {
            case OB: case OD: case OF: case OL: case OV: case OW: case SQ: case SV:
            case UC: case UN: case UR: case UT: case UV:
                return true;
            default:
                return false;
        }
    }

    /** Header length in explicit VR: 12 bytes for long-length VRs, 8 for the rest. */
    public int explicitHeaderLength() {
        return hasLongLength() ? 12 : 8;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }

    /** Numeric binary VRs (US, UL, FL, ...) and bulk VRs (OB, OW, ...). */
    public boolean isBinary() {
        return kind == Kind.BINARY || kind == Kind.BULK;
    }

    /** PS3.5 6.1.2.3: only SH, LO, ST, LT, PN, UC and UT are affected by (0008,0005). */
    @Override
    public boolean isCharsetAffected() {
        return charsetAffected;
    }

    @Override
    public boolean isPersonName() {
        return this == PN;
    }

    /** Size in bytes of one value unit that a change of byte order swaps (1 when none). */
    public int swapUnit() {
        return unitSize;
    }

    /** PS3.5 6.2: UI values and binary values are padded with NUL, text with a space. */
    public byte paddingByte() {
        return (this == UI || isBinary()) ? 0 : (byte) ' ';
    }

    /** Text VRs whose values may hold several values separated by a backslash (PS3.5 6.4). */
    public boolean isMultiValuedText() {
        return isText() && this != LT && this != ST && this != UT && this != UR;
    }
}
