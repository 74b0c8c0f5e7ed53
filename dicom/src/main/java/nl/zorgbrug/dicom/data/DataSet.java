package nl.zorgbrug.dicom.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.zorgbrug.dicom.charset.SpecificCharacterSet;

/**
 * A data set or sequence item (PS3.5 7): elements in ascending tag order. Text is decoded with
 * the Specific Character Set of this data set or, for an item without its own, of the data set
 * that contains it (PS3.5 6.1.2.5.2 note: items inherit their parent's set).
 */
public final class DataSet {
    private final TreeMap<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);
    private DataSet parent;
    private boolean undefinedLength;
    /**
     * The decoding set last made here and the (0008,0005) values it was made from: every text value read asks for the
     * set again ({@link #getString}), and making it normalises the terms with regular expressions and copies lists, a
     * tenth of the receiving and delivering threads' Java samples in a flight recording of the node (issue 22). One
     * field holding both, so a reader on another thread sees a pair that belongs together.
     */
    private CharsetMade charsetMade;

    private record CharsetMade(String[] terms, SpecificCharacterSet set) {
    }

    public DataSet() {
    }

    /** An empty item of a sequence in {@code parent}; the item inherits the parent's character set. */
    public static DataSet itemOf(DataSet parent) {
        DataSet item = new DataSet();
        item.parent = parent;
        return item;
    }

    public DataSet parent() {
        return parent;
    }

    void adopt(DataSet newParent) {
        this.parent = newParent;
    }

    /** For items: whether the item is encoded with undefined length and an Item Delimitation Item. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public DataSet undefinedLength(boolean value) {
        this.undefinedLength = value;
        return this;
    }

    public Element get(int tag) {
        return elements.get(tag);
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public int size() {
        return elements.size();
    }

    /** Elements in ascending tag order (unsigned), unmodifiable. */
    public Collection<Element> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    /** Elements whose tag lies in [from, to), as a view in tag order. */
    public Collection<Element> elements(int from, int to) {
        return Collections.unmodifiableCollection(elements.subMap(from, true, to, false).values());
    }

    public DataSet put(Element element) {
        if (element.value() instanceof Value.Sequence seq) {
            for (DataSet item : seq.items()) {
                item.adopt(this);
            }
        }
        elements.put(element.tag(), element);
        return this;
    }

    public Element remove(int tag) {
        return elements.remove(tag);
    }

    // ---- character set ----

    /**
     * The character set (0008,0005) declares here or in an enclosing data set. Throws
     * {@link nl.zorgbrug.dicom.charset.UnknownCharacterSetException} when a term is unknown: for a
     * caller that must encode text or judge the declaration. Reading never needs this; see
     * {@link #decodingCharset()}.
     */
    public SpecificCharacterSet charset() {
        return SpecificCharacterSet.of(declaredCharsetTerms());
    }

    /**
     * The character set text is read with: as {@link #charset()}, but an unknown term does not
     * throw; it is named by {@link SpecificCharacterSet#unknownTerms()} and its bytes are decoded as
     * Latin-1. An object with a wrong declaration can so always be read, dumped and forwarded (issue 15).
     */
    public SpecificCharacterSet decodingCharset() {
        String[] terms = declaredCharsetTerms();
        CharsetMade made = charsetMade;
        if (made == null || !Arrays.equals(made.terms(), terms)) {
            made = new CharsetMade(terms, SpecificCharacterSet.lenient(terms));
            charsetMade = made;
        }
        return made.set();
    }

    private String[] declaredCharsetTerms() {
        Element cs = elements.get(Tag.SpecificCharacterSet);
        if (cs != null && cs.value() instanceof Value.Bytes b) {
            String[] values = splitValues(new String(b.bytes(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i].trim();
            }
            return values;
        }
        return parent != null ? parent.declaredCharsetTerms() : new String[0];
    }

    /** Only SH, LO, ST, LT, PN, UC and UT depend on (0008,0005) (PS3.5 6.1.2.3); others never look at it. */
    private SpecificCharacterSet charsetFor(VR vr) {
        return vr.isCharsetAffected() ? decodingCharset() : SpecificCharacterSet.DEFAULT;
    }

    // ---- reading values ----

    public byte[] getBytes(int tag) {
        Element e = elements.get(tag);
        if (e != null && e.value() instanceof Value.Bytes b) {
            return b.bytes();
        }
        return null;
    }

    /** The whole text value, decoded, with padding removed; null when absent or not text. */
    public String getText(int tag) {
        Element e = elements.get(tag);
        if (e == null || !e.vr().isText() || !(e.value() instanceof Value.Bytes b)) {
            return null;
        }
        return trim(charsetFor(e.vr()).decode(b.bytes(), e.vr()), e.vr());
    }

    /** All values of a multi-valued text element (PS3.5 6.4); an empty array when absent or empty. */
    public String[] getStrings(int tag) {
        Element e = elements.get(tag);
        if (e == null || !(e.value() instanceof Value.Bytes b) || b.bytes().length == 0) {
            return new String[0];
        }
        if (!e.vr().isText()) {
            return numericStrings(e);
        }
        String text = charsetFor(e.vr()).decode(b.bytes(), e.vr());
        if (!e.vr().isMultiValuedText()) {
            return new String[] {trim(text, e.vr())};
        }
        String[] values = splitValues(text);
        for (int i = 0; i < values.length; i++) {
            values[i] = trim(values[i], e.vr());
        }
        return values;
    }

    /** The first value as text, or null when absent or empty. */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 ? null : values[0];
    }

    public int getInt(int tag, int defaultValue) {
        Element e = elements.get(tag);
        if (e == null || !(e.value() instanceof Value.Bytes b) || b.bytes().length == 0) {
            return defaultValue;
        }
        ByteBuffer bb = ByteBuffer.wrap(b.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (e.vr()) {
            case US: return b.bytes().length >= 2 ? bb.getShort() & 0xFFFF : defaultValue;
            case SS: return b.bytes().length >= 2 ? bb.getShort() : defaultValue;
            case UL: case SL: return b.bytes().length >= 4 ? bb.getInt() : defaultValue;
            case IS:
                String s = getString(tag);
                try {
                    return s == null || s.isEmpty() ? defaultValue : Integer.parseInt(s.trim());
                } catch (NumberFormatException ex) {
                    return defaultValue;
                }
            default: return defaultValue;
        }
    }

    /** The items of a sequence, or null when absent or not a sequence. */
    public List<DataSet> getSequence(int tag) {
        Element e = elements.get(tag);
        if (e != null && e.value() instanceof Value.Sequence s) {
            return s.items();
        }
        return null;
    }

    // ---- writing values ----

    /** Sets a text element, encoded in this data set's character set and padded to even length. */
    public DataSet setString(int tag, VR vr, String... values) {
        if (!vr.isText()) {
            throw new IllegalArgumentException("setString on " + Tag.toString(tag) + " with non-text VR " + vr);
        }
        String joined = String.join("\\", values);
        // PS3.5 6.1.2.3: (0008,0005) affects only SH, LO, ST, LT, PN, UC and UT; a UID or code string is written in
        // the default repertoire whatever the object declares. Under a term no one knows, only text every repertoire
        // holds alike is written (SpecificCharacterSet.encode); anything else still throws, naming the term.
        byte[] bytes = (vr.isCharsetAffected() ? decodingCharset() : SpecificCharacterSet.DEFAULT).encode(joined, vr);
        return put(new Element(tag, vr, new Value.Bytes(pad(bytes, vr))));
    }

    public DataSet setBytes(int tag, VR vr, byte[] bytes) {
        return put(new Element(tag, vr, new Value.Bytes(pad(bytes, vr))));
    }

    public DataSet setInt(int tag, VR vr, int value) {
        ByteBuffer bb = ByteBuffer.allocate(vr == VR.US || vr == VR.SS ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (vr == VR.US || vr == VR.SS) {
            bb.putShort((short) value);
        } else if (vr == VR.UL || vr == VR.SL) {
            bb.putInt(value);
        } else {
            throw new IllegalArgumentException("setInt on " + Tag.toString(tag) + " with VR " + vr);
        }
        return put(new Element(tag, vr, new Value.Bytes(bb.array())));
    }

    public DataSet setSequence(int tag, List<DataSet> items) {
        return put(new Element(tag, VR.SQ, new Value.Sequence(items, false)));
    }

    /** A deep copy; the copy has no parent. */
    public DataSet copy() {
        DataSet c = new DataSet();
        c.undefinedLength = undefinedLength;
        for (Element e : elements.values()) {
            c.put(copyOf(e));
        }
        return c;
    }

    private static Element copyOf(Element e) {
        Value v = e.value();
        if (v instanceof Value.Sequence s) {
            List<DataSet> items = new ArrayList<>();
            for (DataSet item : s.items()) {
                items.add(item.copy());
            }
            return new Element(e.tag(), e.vr(), new Value.Sequence(items, s.undefinedLength()));
        }
        if (v instanceof Value.Bytes b) {
            return new Element(e.tag(), e.vr(), new Value.Bytes(b.bytes().clone()));
        }
        return e;
    }

    /** Structural equality: same tags, VRs and value bytes, recursively (item encodings included). */
    public boolean contentEquals(DataSet other) {
        if (other == null || other.elements.size() != elements.size()) {
            return false;
        }
        for (Map.Entry<Integer, Element> entry : elements.entrySet()) {
            Element a = entry.getValue();
            Element b = other.elements.get(entry.getKey());
            if (b == null || a.vr() != b.vr() || !valueEquals(a.value(), b.value())) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueEquals(Value a, Value b) {
        if (a instanceof Value.Bytes x && b instanceof Value.Bytes y) {
            return Arrays.equals(x.bytes(), y.bytes());
        }
        if (a instanceof Value.Sequence x && b instanceof Value.Sequence y) {
            if (x.items().size() != y.items().size()) {
                return false;
            }
            for (int i = 0; i < x.items().size(); i++) {
                if (!x.items().get(i).contentEquals(y.items().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Value.Fragments x && b instanceof Value.Fragments y) {
            if (x.fragments().size() != y.fragments().size()) {
                return false;
            }
            for (int i = 0; i < x.fragments().size(); i++) {
                if (!Arrays.equals(x.fragments().get(i), y.fragments().get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    // ---- helpers ----

    /** PS3.5 6.2: values have even length; UI and binary VRs pad with NUL, text with a space. */
    public static byte[] pad(byte[] bytes, VR vr) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = vr.paddingByte();
        return padded;
    }

    static String[] splitValues(String text) {
        return text.split("\\\\", -1);
    }

    /**
     * Removes padding: trailing spaces and NULs; leading spaces too except for the VRs whose
     * leading spaces are significant (LT, ST, UT, UC; PS3.5 Table 6.2-1).
     */
    static String trim(String s, VR vr) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (vr != VR.LT && vr != VR.ST && vr != VR.UT && vr != VR.UC) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }

    private static String[] numericStrings(Element e) {
        byte[] bytes = ((Value.Bytes) e.value()).bytes();
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        switch (e.vr()) {
            case US: while (bb.remaining() >= 2) { out.add(Integer.toString(bb.getShort() & 0xFFFF)); } break;
            case SS: while (bb.remaining() >= 2) { out.add(Short.toString(bb.getShort())); } break;
            case UL: while (bb.remaining() >= 4) { out.add(Long.toString(bb.getInt() & 0xFFFFFFFFL)); } break;
            case SL: while (bb.remaining() >= 4) { out.add(Integer.toString(bb.getInt())); } break;
            case UV: while (bb.remaining() >= 8) { out.add(Long.toUnsignedString(bb.getLong())); } break;
            case SV: while (bb.remaining() >= 8) { out.add(Long.toString(bb.getLong())); } break;
            case FL: while (bb.remaining() >= 4) { out.add(Float.toString(bb.getFloat())); } break;
            case FD: while (bb.remaining() >= 8) { out.add(Double.toString(bb.getDouble())); } break;
            case AT:
                while (bb.remaining() >= 4) {
                    int g = bb.getShort() & 0xFFFF;
                    int el = bb.getShort() & 0xFFFF;
                    out.add(String.format("%04X%04X", g, el));
                }
                break;
            default: break;
        }
        return out.toArray(new String[0]);
    }

    @Override
    public String toString() {
        return "DataSet" + elements.values();
    }
}
