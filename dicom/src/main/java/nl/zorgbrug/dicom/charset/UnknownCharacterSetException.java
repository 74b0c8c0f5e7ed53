package nl.zorgbrug.dicom.charset;

/** (0008,0005) names a term that PS3.3 C.12.1.1.2 does not define or that we do not support. */
public class UnknownCharacterSetException extends IllegalArgumentException {
    public UnknownCharacterSetException(String term) {
        super("Specific Character Set (0008,0005) term '" + term + "' is not a defined term of PS3.3 C.12.1.1.2;"
                + " correct the sender's configuration or convert the object to ISO_IR 192 (UTF-8)");
    }
}
