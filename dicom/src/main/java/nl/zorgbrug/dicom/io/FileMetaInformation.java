package nl.zorgbrug.dicom.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/** Builds and completes the File Meta Information of PS3.10 section 7.1. */
public final class FileMetaInformation {
    /** Our Implementation Class UID (a UUID-derived 2.25 UID, PS3.5 B.2) and version name (≤ 16 chars). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.283921706219417294128036432915471830119";
    public static final String IMPLEMENTATION_VERSION_NAME = "ZORGBRUG_01";

    private FileMetaInformation() {
    }

    /** New File Meta Information for an object of the given SOP class and instance, in transfer syntax ts. */
    public static DataSet create(String sopClassUid, String sopInstanceUid, TransferSyntax ts, String sourceAet) {
        DataSet meta = new DataSet();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, ts.uid());
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        if (sourceAet != null && !sourceAet.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAet);
        }
        return meta;
    }

    /** A copy of meta with (0002,0000) File Meta Information Group Length recomputed. */
    public static DataSet withGroupLength(DataSet meta) {
        DataSet copy = meta.copy();
        copy.remove(Tag.FileMetaInformationGroupLength);
        long length = DicomWriter.dataSetLength(copy, true);
        copy.setInt(Tag.FileMetaInformationGroupLength, VR.UL, (int) length);
        return copy;
    }

    /** The meta encoded as bytes, group length included. */
    public static byte[] encode(DataSet meta) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            new DicomWriter(bytes).writeFileMeta(withGroupLength(meta));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
