package nl.zorgbrug.dicom.charset;

/** A text cannot be written in the data set's Specific Character Set without losing characters. */
public class UnmappableTextException extends IllegalArgumentException {
    public UnmappableTextException(String text, String charset) {
        super("text of " + text.length() + " characters cannot be encoded in Specific Character Set '" + charset
                + "' (0008,0005) without loss; declare ISO_IR 192 (UTF-8) or a set that holds these characters");
    }
}
