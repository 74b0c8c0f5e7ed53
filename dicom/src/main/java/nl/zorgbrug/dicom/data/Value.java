package nl.zorgbrug.dicom.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of an element: raw bytes, a sequence of items, or encapsulated pixel data
 * fragments (PS3.5 A.4). Bytes are kept as they were encoded, in little endian order, and
 * decoded only on request; that is what lets an unmodified object be written back byte for byte.
 */
public sealed interface Value permits Value.Bytes, Value.Sequence, Value.Fragments {

    /** Raw value bytes, little endian, possibly of odd length when the input was not conformant. */
    record Bytes(byte[] bytes) implements Value {
        public static final Bytes EMPTY = new Bytes(new byte[0]);
    }

    /** A sequence of items (PS3.5 7.5); {@code undefinedLength} says how it was (or will be) encoded. */
    record Sequence(List<DataSet> items, boolean undefinedLength) implements Value {
        public Sequence {
            items = new ArrayList<>(items);
        }
    }

    /**
     * Encapsulated Pixel Data (PS3.5 A.4): the first fragment is the Basic Offset Table (possibly empty),
     * the rest are passed through untouched.
     */
    record Fragments(List<byte[]> fragments) implements Value {
        public Fragments {
            fragments = new ArrayList<>(fragments);
        }
    }
}
