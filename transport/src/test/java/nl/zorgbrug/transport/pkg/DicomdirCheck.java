package nl.zorgbrug.transport.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * Walks a DICOMDIR as a reader of PS3.3 F.3.2.2 does, by its offsets from the first byte of the file: each offset
 * must land on an Item tag (FFFE,E000) and, read there, be the record expected; the IMAGE records name the files of
 * the manifest, in its order.
 */
final class DicomdirCheck {
    private DicomdirCheck() {
    }

    static void check(Path dicomdir, PackageManifest manifest) throws Exception {
        byte[] bytes = Files.readAllBytes(dicomdir);
        DicomFile file = Part10Reader.read(dicomdir);
        assertThat(file.fileMeta().getString(Tag.MediaStorageSOPClassUID))
                .isEqualTo(DicomdirWriter.MEDIA_STORAGE_DIRECTORY_STORAGE);
        DataSet ds = file.dataSet();
        List<DataSet> records = ds.getSequence(Tag.DirectoryRecordSequence);
        // Map each offset to its record: the records lie in sequence order, each an 8-byte item header and its body.
        long root = ul(ds, Tag.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
        List<String> imageFiles = new ArrayList<>();
        DataSet patient = at(bytes, records, root);
        assertThat(patient.getString(Tag.DirectoryRecordType)).isEqualTo("PATIENT");
        assertThat(ul(patient, Tag.OffsetOfTheNextDirectoryRecord)).isZero();
        DataSet study = at(bytes, records, ul(patient, Tag.OffsetOfReferencedLowerLevelDirectoryEntity));
        assertThat(study.getString(Tag.DirectoryRecordType)).isEqualTo("STUDY");
        assertThat(study.getString(Tag.StudyInstanceUID)).isEqualTo(manifest.studyInstanceUid());
        for (long s = ul(study, Tag.OffsetOfReferencedLowerLevelDirectoryEntity); s != 0; ) {
            DataSet series = at(bytes, records, s);
            assertThat(series.getString(Tag.DirectoryRecordType)).isEqualTo("SERIES");
            for (long i = ul(series, Tag.OffsetOfReferencedLowerLevelDirectoryEntity); i != 0; ) {
                DataSet image = at(bytes, records, i);
                assertThat(image.getString(Tag.DirectoryRecordType)).isEqualTo("IMAGE");
                imageFiles.add(String.join("/", image.getStrings(Tag.ReferencedFileID)));
                i = ul(image, Tag.OffsetOfTheNextDirectoryRecord);
            }
            s = ul(series, Tag.OffsetOfTheNextDirectoryRecord);
        }
        assertThat(imageFiles).containsExactlyInAnyOrderElementsOf(
                manifest.files().stream().map(PackageManifest.FileEntry::path).toList());
    }

    /** The record whose Item tag is at this offset, checked against the bytes. */
    private static DataSet at(byte[] bytes, List<DataSet> records, long offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort((int) offset) & 0xFFFF).as("group at " + offset).isEqualTo(0xFFFE);
        assertThat(b.getShort((int) offset + 2) & 0xFFFF).as("element at " + offset).isEqualTo(0xE000);
        long itemLength = b.getInt((int) offset + 4) & 0xFFFFFFFFL;
        // The record's first element is (0004,1400): its UL value follows its 8-byte header.
        int firstTag = b.getShort((int) offset + 8) & 0xFFFF;
        assertThat(firstTag).isEqualTo(0x0004);
        long next = b.getInt((int) offset + 8 + 8) & 0xFFFFFFFFL;
        for (DataSet r : records) {
            if (ul(r, Tag.OffsetOfTheNextDirectoryRecord) == next
                    && nl.zorgbrug.dicom.io.DicomWriter.dataSetLength(r, true) == itemLength
                    && matchesBody(bytes, offset, r)) {
                return r;
            }
        }
        throw new AssertionError("no record at offset " + offset);
    }

    private static boolean matchesBody(byte[] bytes, long offset, DataSet r) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new nl.zorgbrug.dicom.io.DicomWriter(out).writeDataSet(r,
                    nl.zorgbrug.dicom.encoding.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            byte[] body = out.toByteArray();
            return java.util.Arrays.equals(bytes, (int) offset + 8, (int) offset + 8 + body.length, body, 0,
                    body.length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long ul(DataSet ds, int tag) {
        byte[] v = ds.getBytes(tag);
        return ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }
}
