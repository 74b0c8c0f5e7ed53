package nl.zorgbrug.dicom.io;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * A PS3.10 file in memory: the 128-byte preamble (kept so a file is written back unchanged),
 * the File Meta Information (group 0002) and the data set in its transfer syntax.
 * A header-only read has no Pixel Data and is marked {@code complete = false}.
 */
public record DicomFile(byte[] preamble, DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax,
                        boolean complete) {

    public String sopInstanceUid() {
        String uid = dataSet.getString(Tag.SOPInstanceUID);
        return uid != null ? uid : fileMeta.getString(Tag.MediaStorageSOPInstanceUID);
    }

    public String sopClassUid() {
        String uid = dataSet.getString(Tag.SOPClassUID);
        return uid != null ? uid : fileMeta.getString(Tag.MediaStorageSOPClassUID);
    }
}
