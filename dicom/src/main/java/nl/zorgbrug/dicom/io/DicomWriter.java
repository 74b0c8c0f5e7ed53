package nl.zorgbrug.dicom.io;

import java.io.IOException;
import java.io.OutputStream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * Encodes data sets (PS3.5 section 7) in a transfer syntax. Sequences and items keep the
 * length encoding they were read with, so an unmodified data set is written back byte for byte;
 * odd values are padded (PS3.5 6.2); a value too long for a 16-bit length is written as UN
 * (CP-1066); an undefined-length UN holds its items in implicit VR little endian (PS3.5 6.2.2).
 * A group length (gggg,0000) that is present is written with the length its group has in this
 * encoding, so it stays true after an edit or a change of transfer syntax; one that is absent is
 * not added (PS3.5 7.2: optional, retired in data sets).
 */
public final class DicomWriter {
    private final OutputStream out;
    private final byte[] header = new byte[12];

    public DicomWriter(OutputStream out) {
        this.out = out;
    }

    public void writeDataSet(DataSet ds, TransferSyntax ts) throws IOException {
        writeElements(ds, ts.explicitVr(), ts.bigEndian());
    }

    /** File Meta Information is always explicit VR little endian (PS3.10 7.1). */
    public void writeFileMeta(DataSet meta) throws IOException {
        writeElements(meta, true, false);
    }

    private void writeElements(DataSet ds, boolean explicit, boolean bigEndian) throws IOException {
        for (Element e : ds.elements()) {
            writeElement(Tag.isGroupLength(e.tag()) ? groupLength(ds, Tag.group(e.tag()), explicit) : e, explicit, bigEndian);
        }
    }

    /** (gggg,0000) UL: the encoded length of the group's other elements in this data set (PS3.5 7.2). */
    static Element groupLength(DataSet ds, int group, boolean explicit) {
        long length = 0;
        for (Element e : ds.elements()) {
            if (Tag.group(e.tag()) == group && !Tag.isGroupLength(e.tag())) {
                length += elementLength(e, explicit);
            }
        }
        byte[] value = {(byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)};
        return new Element(group << 16, VR.UL, new Value.Bytes(value));
    }

    private void writeElement(Element e, boolean explicit, boolean bigEndian) throws IOException {
        Value v = e.value();
        if (v instanceof Value.Sequence seq) {
            boolean asUn = e.vr() == VR.UN;
            boolean itemsExplicit = explicit && !asUn;
            boolean itemsBig = bigEndian && !asUn;
            boolean undefined = seq.undefinedLength() || asUn;
            long length = undefined ? 0xFFFFFFFFL : sequenceLength(seq, itemsExplicit);
            writeHeader(e.tag(), asUn ? VR.UN : VR.SQ, length, explicit, bigEndian);
            for (DataSet item : seq.items()) {
                long itemLength = item.undefinedLength() ? 0xFFFFFFFFL : dataSetLength(item, itemsExplicit);
                writeItemHeader(Tag.Item, itemLength, itemsBig);
                writeElements(item, itemsExplicit, itemsBig);
                if (item.undefinedLength()) {
                    writeItemHeader(Tag.ItemDelimitationItem, 0, itemsBig);
                }
            }
            if (undefined) {
                writeItemHeader(Tag.SequenceDelimitationItem, 0, itemsBig);
            }
        } else if (v instanceof Value.Fragments frags) {
            writeHeader(e.tag(), e.vr(), 0xFFFFFFFFL, explicit, bigEndian);
            for (byte[] f : frags.fragments()) {
                byte[] padded = DataSet.pad(f, VR.OB);
                writeItemHeader(Tag.Item, padded.length, bigEndian);
                out.write(padded);
            }
            writeItemHeader(Tag.SequenceDelimitationItem, 0, bigEndian);
        } else {
            byte[] bytes = DataSet.pad(((Value.Bytes) v).bytes(), e.vr());
            VR vr = e.vr();
            if (explicit && !vr.hasLongLength() && bytes.length > 0xFFFF) {
                vr = VR.UN;
            }
            writeHeader(e.tag(), vr, bytes.length, explicit, bigEndian);
            if (bigEndian && e.vr().swapUnit() > 1) {
                byte[] swapped = bytes.clone();
                DicomReader.swap(swapped, e.vr().swapUnit());
                out.write(swapped);
            } else {
                out.write(bytes);
            }
        }
    }

    private void writeHeader(int tag, VR vr, long length, boolean explicit, boolean bigEndian) throws IOException {
        putTag(tag, bigEndian);
        if (!explicit) {
            put32(4, length, bigEndian);
            out.write(header, 0, 8);
            return;
        }
        header[4] = (byte) vr.name().charAt(0);
        header[5] = (byte) vr.name().charAt(1);
        if (vr.hasLongLength()) {
            header[6] = 0;
            header[7] = 0;
            put32(8, length, bigEndian);
            out.write(header, 0, 12);
        } else {
            put16(6, (int) length, bigEndian);
            out.write(header, 0, 8);
        }
    }

    private void writeItemHeader(int tag, long length, boolean bigEndian) throws IOException {
        putTag(tag, bigEndian);
        put32(4, length, bigEndian);
        out.write(header, 0, 8);
    }

    private void putTag(int tag, boolean bigEndian) {
        put16(0, tag >>> 16, bigEndian);
        put16(2, tag & 0xFFFF, bigEndian);
    }

    private void put16(int off, int v, boolean bigEndian) {
        if (bigEndian) {
            header[off] = (byte) (v >> 8);
            header[off + 1] = (byte) v;
        } else {
            header[off] = (byte) v;
            header[off + 1] = (byte) (v >> 8);
        }
    }

    private void put32(int off, long v, boolean bigEndian) {
        if (bigEndian) {
            put16(off, (int) (v >>> 16) & 0xFFFF, true);
            put16(off + 2, (int) v & 0xFFFF, true);
        } else {
            put16(off, (int) v & 0xFFFF, false);
            put16(off + 2, (int) (v >>> 16) & 0xFFFF, false);
        }
    }

    /** Encoded length of a data set's elements (without any item header). */
    public static long dataSetLength(DataSet ds, boolean explicit) {
        long total = 0;
        for (Element e : ds.elements()) {
            total += elementLength(e, explicit);
        }
        return total;
    }

    private static long sequenceLength(Value.Sequence seq, boolean explicit) {
        long total = 0;
        for (DataSet item : seq.items()) {
            total += 8 + dataSetLength(item, explicit) + (item.undefinedLength() ? 8 : 0);
        }
        return total;
    }

    /** Encoded length of one element, header included. */
    public static long elementLength(Element e, boolean explicit) {
        Value v = e.value();
        if (v instanceof Value.Sequence seq) {
            boolean asUn = e.vr() == VR.UN;
            boolean undefined = seq.undefinedLength() || asUn;
            long header = explicit ? 12 : 8;
            return header + sequenceLength(seq, explicit && !asUn) + (undefined ? 8 : 0);
        }
        if (v instanceof Value.Fragments frags) {
            long total = (explicit ? 12 : 8) + 8;
            for (byte[] f : frags.fragments()) {
                total += 8 + f.length + (f.length & 1);
            }
            return total;
        }
        int length = ((Value.Bytes) v).bytes().length;
        length += length & 1;
        VR vr = e.vr();
        if (explicit && !vr.hasLongLength() && length > 0xFFFF) {
            vr = VR.UN;
        }
        return (explicit ? vr.explicitHeaderLength() : 8) + length;
    }
}
