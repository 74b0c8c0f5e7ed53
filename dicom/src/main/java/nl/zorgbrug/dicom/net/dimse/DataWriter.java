package nl.zorgbrug.dicom.net.dimse;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the data set of an outgoing message, already in the presentation context's transfer syntax. */
@FunctionalInterface
public interface DataWriter {
    void writeTo(OutputStream out) throws IOException;
}
