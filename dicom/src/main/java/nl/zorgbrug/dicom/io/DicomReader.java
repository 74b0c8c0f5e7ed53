package nl.zorgbrug.dicom.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.dict.StandardDictionary;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * Decodes a data set (PS3.5 section 7) from a {@link DicomInput} in a given transfer syntax.
 * Every length read from the input is checked against what remains before it is used, sequences
 * nest to a bounded depth, and each loop consumes bytes, so hostile input ends in a
 * {@link DicomParseException} naming the offset and the tag path, never in a hang or an
 * OutOfMemoryError.
 */
public final class DicomReader {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int CHUNK = 1 << 20;

    private final DicomInput in;
    private final ReaderOptions options;
    private final StandardDictionary dictionary = StandardDictionary.get();
    /** Tags (as unsigned values) and item numbers (as negatives) from the root to the current element. */
    private long[] path = new long[16];
    private int depthOfPath;
    private final byte[] header = new byte[12];

    public DicomReader(DicomInput in) {
        this(in, ReaderOptions.DEFAULT);
    }

    public DicomReader(DicomInput in, ReaderOptions options) {
        this.in = in;
        this.options = options;
    }

    public DicomInput input() {
        return in;
    }

    /** Reads the whole top-level data set up to the end of the input. */
    public DataSet readDataSet(TransferSyntax ts) throws IOException {
        return readDataSet(ts, -1L);
    }

    /**
     * Reads top-level elements until the end of the input or until the next tag is at or past
     * {@code stopBefore} (unsigned); that tag is left unread in the input, so a caller can stop
     * before Pixel Data or copy the rest verbatim. {@code -1} reads to the end.
     */
    public DataSet readDataSet(TransferSyntax ts, long stopBefore) throws IOException {
        DataSet ds = new DataSet();
        readElements(ds, ts.explicitVr(), ts.bigEndian(), -1, stopBefore, 0);
        return ds;
    }

    /**
     * Reads the File Meta Information (PS3.10 7.1): explicit VR little endian elements of group 0002,
     * stopping at the first element of another group.
     */
    public DataSet readFileMeta() throws IOException {
        DataSet meta = new DataSet();
        readElements(meta, true, false, -1, 0x00030000L, 0);
        return meta;
    }

    /**
     * Copies the remaining top-level elements to {@code out} byte for byte, walking their structure
     * (headers, sequences, items, fragments) without holding any value in memory, so a damaged
     * object is reported here with offset and tag instead of being passed on. Returns the bytes copied.
     */
    public long copyDataSet(TransferSyntax ts, java.io.OutputStream out) throws IOException {
        long start = in.position();
        copyElements(ts.explicitVr(), ts.bigEndian(), -1, 0, out);
        return in.position() - start;
    }

    private void copyElements(boolean explicit, boolean bigEndian, long end, int depth, java.io.OutputStream out)
            throws IOException {
        boolean inItem = depth > 0;
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw error("element runs " + (in.position() - end) + " bytes past the end of its item");
                }
                return;
            }
            int seen = in.peek(header, 4);
            if (seen == 0) {
                if (inItem) {
                    throw error("file ends inside a sequence item (no Item Delimitation Item)");
                }
                return;
            }
            if (seen < 4) {
                throw error("file ends inside an element tag (" + seen + " of 4 bytes)");
            }
            int tag = tag(header, 0, bigEndian);
            long at = in.position();
            if (tag == Tag.ItemDelimitationItem && inItem && end < 0) {
                in.readFully(header, 0, 8, "Item Delimitation Item", this::pathString);
                out.write(header, 0, 8);
                return;
            }
            if (Tag.group(tag) == 0xFFFE) {
                throw error("delimiter " + Tag.toString(tag) + " where a data element was expected");
            }
            push(Integer.toUnsignedLong(tag));
            try {
                ElementHeader h = readHeader(tag, explicit, bigEndian);
                out.write(header, 0, h.size());
                VR vr = h.vr();
                long length = h.length();
                if (length == UNDEFINED) {
                    if (vr == VR.SQ || vr == VR.UN || !explicit) {
                        boolean asImplicit = vr == VR.UN || !explicit;
                        copyItems(false, true, -1, !asImplicit && explicit, !asImplicit && bigEndian, depth, out);
                    } else if (vr == VR.OB || vr == VR.OW) {
                        copyItems(true, true, -1, explicit, bigEndian, depth, out);
                    } else {
                        throw new DicomParseException(in.source(), at, pathString(),
                                "undefined length on an element of VR " + vr + " (only SQ, UN and encapsulated OB/OW may have it)");
                    }
                } else {
                    if (length > in.remaining()) {
                        throw new DicomParseException(in.source(), at, pathString(), "value length " + length
                                + " runs past the end of the input (" + in.remaining() + " bytes remain)");
                    }
                    if (vr == VR.SQ) {
                        copyItems(false, false, in.position() + length, explicit, bigEndian, depth, out);
                    } else {
                        in.copy(length, out, "element value", this::pathString);
                    }
                }
            } finally {
                depthOfPath--;
            }
        }
    }

    /** Copies sequence items or encapsulated fragments (both are Items ending in a Sequence Delimitation Item). */
    private void copyItems(boolean fragments, boolean undefined, long end, boolean explicit, boolean bigEndian, int depth,
                           java.io.OutputStream out) throws IOException {
        if (depth + 1 > options.maxDepth()) {
            throw error("sequences nested deeper than " + options.maxDepth() + " levels");
        }
        int n = 0;
        while (true) {
            if (!undefined && in.position() >= end) {
                if (in.position() > end) {
                    throw error("items run " + (in.position() - end) + " bytes past the end of the sequence");
                }
                return;
            }
            long at = in.position();
            in.readFully(header, 0, 8, "item header", this::pathString);
            out.write(header, 0, 8);
            int tag = tag(header, 0, bigEndian);
            long length = uint32(header, 4, bigEndian);
            if (tag == Tag.SequenceDelimitationItem && (undefined || in.position() == end)) {
                // At the end of a defined-length sequence the delimiter is tolerated (see readSequence) and copied
                // as it came: the sequence length written before it counts it, and a copy does not re-encode.
                return;
            }
            if (tag != Tag.Item) {
                throw new DicomParseException(in.source(), at, pathString(),
                        "expected an Item (FFFE,E000) but found " + Tag.toString(tag));
            }
            push(-(++n));
            try {
                if (length == UNDEFINED && !fragments) {
                    copyElements(explicit, bigEndian, -1, depth + 1, out);
                } else {
                    if (length == UNDEFINED || length > in.remaining() || (!undefined && in.position() + length > end)) {
                        throw new DicomParseException(in.source(), at, pathString(),
                                (fragments ? "fragment" : "item") + " length " + length + " runs past the end of its "
                                        + (length > in.remaining() ? "input" : "sequence"));
                    }
                    if (fragments) {
                        in.copy(length, out, "fragment", this::pathString);
                    } else {
                        copyElements(explicit, bigEndian, in.position() + length, depth + 1, out);
                    }
                }
            } finally {
                depthOfPath--;
            }
        }
    }

    /** An element header as read: its VR (from the stream, or the dictionary in implicit VR), length and size. */
    private record ElementHeader(VR vr, long length, int size) {
    }

    /** Reads the header of an element whose tag was peeked; its bytes stay in {@code header[0..size)}. */
    private ElementHeader readHeader(int tag, boolean explicit, boolean bigEndian) throws IOException {
        long at = in.position();
        in.readFully(header, 0, 8, "element header", this::pathString);
        if (!explicit) {
            return new ElementHeader(tag == Tag.PixelData ? VR.OW : dictionary.vrOf(tag), uint32(header, 4, bigEndian), 8);
        }
        int code = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        VR vr = VR.ofCode(code);
        if (vr == null) {
            throw new DicomParseException(in.source(), at + 4, pathString(),
                    String.format("unknown VR bytes 0x%04X in an explicit VR data set", code));
        }
        if (vr.hasLongLength()) {
            in.readFully(header, 8, 4, "element length", this::pathString);
            return new ElementHeader(vr, uint32(header, 8, bigEndian), 12);
        }
        return new ElementHeader(vr, uint16(header, 6, bigEndian), 8);
    }

    private void readElements(DataSet ds, boolean explicit, boolean bigEndian, long end, long stopBefore, int depth)
            throws IOException {
        boolean inItem = depth > 0;
        while (true) {
            if (end >= 0 && in.position() >= end) {
                if (in.position() > end) {
                    throw error("element runs " + (in.position() - end) + " bytes past the end of its item");
                }
                return;
            }
            int seen = in.peek(header, 4);
            if (seen == 0) {
                if (inItem) {
                    throw error("file ends inside a sequence item (no Item Delimitation Item)");
                }
                return;
            }
            if (seen < 4) {
                throw error("file ends inside an element tag (" + seen + " of 4 bytes)");
            }
            int tag = tag(header, 0, bigEndian);
            if (stopBefore >= 0 && Integer.toUnsignedLong(tag) >= stopBefore && !inItem) {
                return;
            }
            if (tag == Tag.ItemDelimitationItem) {
                long at = in.position();
                in.readFully(header, 0, 8, "Item Delimitation Item", this::pathString);
                if (!inItem) {
                    throw new DicomParseException(in.source(), at, pathString(),
                            "Item Delimitation Item (FFFE,E00D) outside any item");
                }
                if (end >= 0) {
                    throw new DicomParseException(in.source(), at, pathString(),
                            "Item Delimitation Item (FFFE,E00D) inside an item of defined length");
                }
                ds.undefinedLength(true);
                return;
            }
            if (Tag.group(tag) == 0xFFFE) {
                throw error("delimiter " + Tag.toString(tag) + " where a data element was expected");
            }
            push(Integer.toUnsignedLong(tag));
            try {
                ds.put(readElement(tag, explicit, bigEndian, depth, ds));
            } finally {
                depthOfPath--;
            }
        }
    }

    private Element readElement(int tag, boolean explicit, boolean bigEndian, int depth, DataSet owner)
            throws IOException {
        long headerOffset = in.position();
        ElementHeader h = readHeader(tag, explicit, bigEndian);
        VR vr = h.vr();
        if (!explicit && dictionary.isUsOrSs(tag)) {
            // Pixel Representation precedes these attributes, here or in an enclosing data set.
            vr = dictionary.vrOf(tag, pixelRepresentation(owner));
        }
        long length = h.length();
        long valueOffset = in.position();
        if (length == UNDEFINED) {
            if (vr == VR.SQ) {
                return new Element(tag, vr, readSequence(true, -1, explicit, bigEndian, depth, owner));
            }
            if (vr == VR.UN || !explicit) {
                // PS3.5 6.2.2: an undefined-length UN is a sequence encoded in implicit VR little endian.
                return new Element(tag, explicit ? VR.UN : VR.SQ,
                        readSequence(true, -1, false, false, depth, owner));
            }
            if (vr == VR.OB || vr == VR.OW) {
                return new Element(tag, vr, readFragments(bigEndian));
            }
            throw new DicomParseException(in.source(), headerOffset, pathString(),
                    "undefined length on an element of VR " + vr + " (only SQ, UN and encapsulated OB/OW may have it)");
        }
        if (length > in.remaining()) {
            throw new DicomParseException(in.source(), headerOffset, pathString(),
                    "value length " + length + " runs past the end of the input (" + in.remaining() + " bytes remain)");
        }
        if (vr == VR.SQ) {
            return new Element(tag, vr, readSequence(false, valueOffset + length, explicit, bigEndian, depth, owner));
        }
        if (length > options.maxValueLength()) {
            throw new DicomParseException(in.source(), headerOffset, pathString(),
                    "value length " + length + " exceeds the in-memory limit of " + options.maxValueLength()
                            + " bytes; use the streaming editor for objects this large");
        }
        byte[] value = readValue((int) length);
        if (bigEndian && vr.swapUnit() > 1) {
            swap(value, vr.swapUnit());
        }
        return new Element(tag, vr, new Value.Bytes(value));
    }

    /** The Pixel Representation that governs a data set: its own, else its enclosing data set's; -1 when none. */
    private static int pixelRepresentation(DataSet ds) {
        for (DataSet d = ds; d != null; d = d.parent()) {
            if (d.contains(Tag.PixelRepresentation)) {
                return d.getInt(Tag.PixelRepresentation, -1);
            }
        }
        return -1;
    }

    private Value.Sequence readSequence(boolean undefined, long end, boolean explicit, boolean bigEndian, int depth,
                                        DataSet owner) throws IOException {
        if (depth + 1 > options.maxDepth()) {
            throw error("sequences nested deeper than " + options.maxDepth() + " levels");
        }
        List<DataSet> items = new ArrayList<>();
        while (true) {
            if (!undefined && in.position() >= end) {
                if (in.position() > end) {
                    throw error("items run " + (in.position() - end) + " bytes past the end of the sequence");
                }
                break;
            }
            long at = in.position();
            in.readFully(header, 0, 8, "item header", this::pathString);
            int tag = tag(header, 0, bigEndian);
            long length = uint32(header, 4, bigEndian);
            if (tag == Tag.SequenceDelimitationItem) {
                if (!undefined && in.position() == end) {
                    // A delimiter as the last 8 bytes of a defined-length sequence: some writers add one anyway.
                    // PS3.5 7.5 lets the explicit length govern and the delimiter carries nothing, so it is dropped;
                    // the sequence is written again as a plain defined-length one (issue 15).
                    break;
                }
                if (!undefined) {
                    throw new DicomParseException(in.source(), at, pathString(),
                            "Sequence Delimitation Item (FFFE,E0DD) inside a sequence of defined length");
                }
                break;
            }
            if (tag != Tag.Item) {
                throw new DicomParseException(in.source(), at, pathString(),
                        "expected an Item (FFFE,E000) but found " + Tag.toString(tag));
            }
            DataSet item = DataSet.itemOf(owner);
            push(-(items.size() + 1));
            try {
                if (length == UNDEFINED) {
                    readElements(item, explicit, bigEndian, -1, -1, depth + 1);
                    item.undefinedLength(true);
                } else {
                    if (length > in.remaining() || (!undefined && in.position() + length > end)) {
                        throw new DicomParseException(in.source(), at, pathString(),
                                "item length " + length + " runs past the end of its "
                                        + (length > in.remaining() ? "input" : "sequence"));
                    }
                    readElements(item, explicit, bigEndian, in.position() + length, -1, depth + 1);
                }
            } finally {
                depthOfPath--;
            }
            items.add(item);
        }
        return new Value.Sequence(items, undefined);
    }

    private Value.Fragments readFragments(boolean bigEndian) throws IOException {
        List<byte[]> fragments = new ArrayList<>();
        while (true) {
            long at = in.position();
            in.readFully(header, 0, 8, "fragment header", this::pathString);
            int tag = tag(header, 0, bigEndian);
            long length = uint32(header, 4, bigEndian);
            if (tag == Tag.SequenceDelimitationItem) {
                break;
            }
            if (tag != Tag.Item) {
                throw new DicomParseException(in.source(), at, pathString(),
                        "expected a fragment Item (FFFE,E000) in encapsulated Pixel Data but found " + Tag.toString(tag));
            }
            if (length == UNDEFINED || length > in.remaining()) {
                throw new DicomParseException(in.source(), at, pathString(),
                        "fragment length " + length + " is undefined or runs past the end of the input");
            }
            if (length > options.maxValueLength()) {
                throw new DicomParseException(in.source(), at, pathString(),
                        "fragment of " + length + " bytes exceeds the in-memory limit; use the streaming editor");
            }
            fragments.add(readValue((int) length));
        }
        return new Value.Fragments(fragments);
    }

    /** Reads a value in chunks, so a lying length on a stream of unknown size cannot exhaust memory. */
    private byte[] readValue(int length) throws IOException {
        if (length <= CHUNK || in.knowsLength()) {
            byte[] value = new byte[length];
            in.readFully(value, 0, length, "element value", this::pathString);
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        int left = length;
        while (left > 0) {
            int n = Math.min(left, CHUNK);
            in.readFully(chunk, 0, n, "element value", this::pathString);
            out.write(chunk, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    private DicomParseException error(String problem) {
        return new DicomParseException(in.source(), in.position(), pathString(), problem);
    }

    private void push(long entry) {
        if (depthOfPath == path.length) {
            path = java.util.Arrays.copyOf(path, path.length * 2);
        }
        path[depthOfPath++] = entry;
    }

    /** The tag path for messages, e.g. "(0040,A730)[2]/(0040,A160)"; built only when an error needs it. */
    private String pathString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depthOfPath; i++) {
            long entry = path[i];
            if (entry < 0) {
                sb.append('[').append(-entry).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(Tag.toString((int) entry));
            }
        }
        return sb.toString();
    }

    static int tag(byte[] b, int off, boolean bigEndian) {
        return (uint16(b, off, bigEndian) << 16) | uint16(b, off + 2, bigEndian);
    }

    static int uint16(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF)
                : ((b[off + 1] & 0xFF) << 8) | (b[off] & 0xFF);
    }

    static long uint32(byte[] b, int off, boolean bigEndian) {
        long v = bigEndian
                ? ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL)
                : ((b[off + 3] & 0xFFL) << 24) | ((b[off + 2] & 0xFFL) << 16) | ((b[off + 1] & 0xFFL) << 8) | (b[off] & 0xFFL);
        return v;
    }

    /** Reverses the byte order of each unit in place (big endian to little endian and back). */
    public static void swap(byte[] value, int unit) {
        for (int i = 0; i + unit <= value.length; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = value[a];
                value[a] = value[b];
                value[b] = t;
            }
        }
    }
}
