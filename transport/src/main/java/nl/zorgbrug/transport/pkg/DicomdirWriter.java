package nl.zorgbrug.transport.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * Writes the DICOMDIR of one study's File-set with our own toolkit: the Basic Directory IOD (PS3.3 F.3) in a
 * PS3.10 file (section 8: Media Storage Directory Storage, explicit VR little endian), one PATIENT, one STUDY,
 * a SERIES per series and an IMAGE record per object (PS3.3 F.5), linked by the offsets of PS3.3 F.3.2.2: each
 * counted in bytes from the first byte of the file's preamble to the Item tag of the record it names.
 *
 * <p>Every offset is a UL of four bytes whatever its value, so the records are laid out once with zeros,
 * measured, and then given their values; the lengths do not change.
 */
public final class DicomdirWriter {
    /** PS3.4 Annex I / PS3.6 Table A-1: Media Storage Directory Storage. */
    public static final String MEDIA_STORAGE_DIRECTORY_STORAGE = "1.2.840.10008.1.3.10";
    private static final int IN_USE = 0xFFFF;

    private DicomdirWriter() {
    }

    /**
     * One object of the File-set, with the head it was read with.
     *
     * @param fileId the Referenced File ID components (PS3.10 8.2), e.g. DICOM, ST000001, SE000001, IM000001
     */
    public record Entry(List<String> fileId, DataSet head, String sopClassUid, String sopInstanceUid,
                        String transferSyntaxUid) {
    }

    /** The DICOMDIR for these objects, all of one study, as the bytes of a PS3.10 file. */
    public static byte[] write(String fileSetId, List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a DICOMDIR needs at least one object (PS3.3 F.3: one IMAGE record)");
        }
        DataSet first = entries.get(0).head();
        Map<String, List<Entry>> bySeries = new LinkedHashMap<>();
        for (Entry e : entries) {
            bySeries.computeIfAbsent(nonNull(e.head().getString(Tag.SeriesInstanceUID)), k -> new ArrayList<>()).add(e);
        }
        // The records in the order PS3.3 F.3 lets a reader walk them: patient, study, then each series and its images.
        List<Node> nodes = new ArrayList<>();
        Node patient = new Node(record("PATIENT", first, Tag.PatientName, Tag.PatientID, Tag.IssuerOfPatientID,
                Tag.PatientBirthDate, Tag.PatientSex));
        Node study = new Node(record("STUDY", first, Tag.StudyDate, Tag.StudyTime, Tag.StudyDescription,
                Tag.StudyInstanceUID, Tag.StudyID, Tag.AccessionNumber));
        nodes.add(patient);
        nodes.add(study);
        patient.lower = study;
        Node previousSeries = null;
        for (List<Entry> series : bySeries.values()) {
            Node s = new Node(record("SERIES", series.get(0).head(), Tag.Modality, Tag.SeriesInstanceUID,
                    Tag.SeriesNumber));
            nodes.add(s);
            if (previousSeries == null) {
                study.lower = s;
            } else {
                previousSeries.next = s;
            }
            previousSeries = s;
            Node previousImage = null;
            for (Entry e : series) {
                DataSet image = record("IMAGE", e.head(), Tag.InstanceNumber);
                image.setString(Tag.ReferencedFileID, VR.CS, e.fileId().toArray(String[]::new));
                image.setString(Tag.ReferencedSOPClassUIDInFile, VR.UI, e.sopClassUid());
                image.setString(Tag.ReferencedSOPInstanceUIDInFile, VR.UI, e.sopInstanceUid());
                image.setString(Tag.ReferencedTransferSyntaxUIDInFile, VR.UI, e.transferSyntaxUid());
                Node i = new Node(image);
                nodes.add(i);
                if (previousImage == null) {
                    s.lower = i;
                } else {
                    previousImage.next = i;
                }
                previousImage = i;
            }
        }

        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        String sopInstanceUid = "2.25." + new java.math.BigInteger(1, uuidBytes());
        DataSet meta = FileMetaInformation.create(MEDIA_STORAGE_DIRECTORY_STORAGE, sopInstanceUid, ts, null);
        DataSet ds = new DataSet();
        ds.setString(Tag.FileSetID, VR.CS, fileSetId);
        ds.setInt(Tag.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, VR.UL, 0);
        ds.setInt(Tag.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, VR.UL, 0);
        ds.setInt(Tag.FileSetConsistencyFlag, VR.US, 0);
        for (Node n : nodes) {
            n.record.setInt(Tag.OffsetOfTheNextDirectoryRecord, VR.UL, 0);
            n.record.setInt(Tag.RecordInUseFlag, VR.US, IN_USE);
            n.record.setInt(Tag.OffsetOfReferencedLowerLevelDirectoryEntity, VR.UL, 0);
        }
        // Lay out: preamble, DICM, meta; the data set's elements before the sequence; its header; then the items.
        long offset = 128 + 4 + FileMetaInformation.encode(meta).length;
        for (Element e : ds.elements()) {
            offset += DicomWriter.elementLength(e, true);
        }
        offset += 12; // (0004,1220) SQ header in explicit VR: tag, VR, reserved, 4-byte length
        for (Node n : nodes) {
            n.offset = offset;
            offset += 8 + DicomWriter.dataSetLength(n.record, true);
        }
        for (Node n : nodes) {
            n.record.setInt(Tag.OffsetOfTheNextDirectoryRecord, VR.UL, n.next == null ? 0 : (int) n.next.offset);
            n.record.setInt(Tag.OffsetOfReferencedLowerLevelDirectoryEntity, VR.UL,
                    n.lower == null ? 0 : (int) n.lower.offset);
        }
        ds.setInt(Tag.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, VR.UL, (int) patient.offset);
        ds.setInt(Tag.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, VR.UL, (int) patient.offset);
        List<DataSet> items = nodes.stream().map(n -> n.record).toList();
        ds.setSequence(Tag.DirectoryRecordSequence, items);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Part10Writer.write(new DicomFile(null, meta, ds, ts, true), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length != offset) {
            throw new IllegalStateException("DICOMDIR laid out as " + offset + " bytes but encoded as " + bytes.length
                    + ": the record offsets would be wrong");
        }
        return bytes;
    }

    /** A directory record of this type with the keys the object has (PS3.3 F.5), its character set first. */
    private static DataSet record(String type, DataSet head, int... keys) {
        DataSet r = new DataSet();
        r.setString(Tag.DirectoryRecordType, VR.CS, type);
        Element charset = head.get(Tag.SpecificCharacterSet);
        if (charset != null) {
            r.put(charset);
        }
        for (int key : keys) {
            Element e = head.get(key);
            if (e != null && !(e.value() instanceof nl.zorgbrug.dicom.data.Value.Sequence)) {
                r.put(e);
            } else if (key != Tag.IssuerOfPatientID && key != Tag.PatientBirthDate && key != Tag.PatientSex) {
                // Type 1 and 2 keys of F.5 are present, empty when the object has none.
                r.setString(key, dictionaryVr(key));
            }
        }
        return r;
    }

    private static VR dictionaryVr(int tag) {
        return nl.zorgbrug.dicom.dict.StandardDictionary.get().vrOf(tag);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static byte[] uuidBytes() {
        java.util.UUID u = java.util.UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
    }

    /** A record and its links, while the offsets are laid out. */
    private static final class Node {
        final DataSet record;
        Node next;
        Node lower;
        long offset;

        Node(DataSet record) {
            this.record = record;
        }
    }
}
