package nl.zorgbrug.dicom.net.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.net.dimse.DataWriter;

/** Query identifiers (small data sets) to and from a presentation context's transfer syntax. */
final class Identifiers {
    private Identifiers() {
    }

    static DataSet read(InputStream in, String source, TransferSyntax ts) throws IOException {
        if (ts.deflated() || ts.encapsulated()) {
            throw new IOException("identifier from " + source + " in " + ts + "; query identifiers must be uncompressed");
        }
        return new DicomReader(new DicomInput(in, source, 0, -1)).readDataSet(ts);
    }

    static DataWriter writer(DataSet ds, TransferSyntax ts) {
        return (OutputStream out) -> new DicomWriter(out).writeDataSet(ds, ts);
    }
}
