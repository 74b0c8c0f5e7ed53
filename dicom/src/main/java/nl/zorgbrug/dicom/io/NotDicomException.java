package nl.zorgbrug.dicom.io;

/** The input is no PS3.10 file: neither "DICM" after a preamble nor File Meta Information at its start. */
public class NotDicomException extends DicomParseException {
    public NotDicomException(String source, long offset, String problem) {
        super(source, offset, "", problem);
    }
}
