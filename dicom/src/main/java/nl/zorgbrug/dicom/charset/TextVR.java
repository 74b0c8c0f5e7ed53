package nl.zorgbrug.dicom.charset;

/**
 * A value representation as the character set codec sees it: whether (0008,0005) applies to its
 * values and whether it is a person name. {@code nl.zorgbrug.dicom.data.VR} implements it, so this
 * package needs nothing from {@code data} while {@code DataSet} decodes its text here: the
 * dependency runs one way, from the data model down to the codec.
 */
public interface TextVR {
    /** PS3.5 6.1.2.3: only SH, LO, ST, LT, PN, UC and UT are affected by (0008,0005). */
    boolean isCharsetAffected();

    /**
     * PN: besides the value delimiter, '^' between components and '=' between component groups
     * return ISO 2022 code extensions to the initial set (PS3.5 6.1.2.5.3).
     */
    boolean isPersonName();
}
