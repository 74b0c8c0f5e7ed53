package nl.zorgbrug.registry.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An object's ebRIM as the registry stores it (V81): raw DEFLATE (RFC 1951) with a preset dictionary, behind one byte
 * naming that dictionary. Why: the index keeps three ebRIM texts per study (its SubmissionSet, KOS DocumentEntry and
 * HasMember Association, 10.7 kB), which made 7.7 kB per entry on PostgreSQL even after its own TOAST compression
 * (docs/benchmarks.md, "The image index"): issue 20's 10 million entries would not fit a 252 GB disk. Most of an
 * ebRIM text is what every text of the same writer repeats (namespaces, element and slot names, ITI TF-3's
 * classification scheme UUIDs, code systems); a dictionary holding that leaves the values: a KOS DocumentEntry of
 * 6.6 kB packs to about 600 bytes, where DEFLATE without a dictionary gives 1.6 kB and PostgreSQL's pglz 2.3 kB.
 *
 * <p>Dictionary 1 ({@code ebrim-dictionary-1.xml}) is this node's own writer's ({@link EbRim}) Association,
 * SubmissionSet and KOS DocumentEntry of one study, with the object ids, patient, dates, sizes and the institution's
 * OIDs replaced by zeros, so it holds the structure and the standards' constants, none of one hospital's values. It
 * never changes: a row names the dictionary it was packed with, and a later dictionary gets the next number while
 * this one stays readable.
 */
public final class PackedEbRim {
    /** The first byte of a text packed with dictionary 1. */
    static final byte DICTIONARY_1 = 1;
    /** zlib level 3: as small as level 6 within 7 % on the node's ebRIM, in half the time (measured on 6.6 kB). */
    private static final int LEVEL = 3;
    private static final byte[] DICTIONARY = dictionary("ebrim-dictionary-1.xml");

    private PackedEbRim() {
    }

    public static byte[] pack(String ebRim) {
        byte[] text = ebRim.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setDictionary(DICTIONARY);
            deflater.setInput(text);
            deflater.finish();
            byte[] out = new byte[text.length / 2 + 64];
            out[0] = DICTIONARY_1;
            int length = 1;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    /**
     * @param what names the row for the message, e.g. "xds_document_entry urn:uuid:…"
     * @throws IllegalStateException the bytes are not a packed ebRIM this node can read
     */
    public static String unpack(byte[] packed, String what) {
        if (packed.length < 2 || packed[0] != DICTIONARY_1) {
            throw new IllegalStateException("the ebRIM of " + what + " is packed with dictionary "
                    + (packed.length == 0 ? "(none: empty)" : Byte.toUnsignedInt(packed[0])) + ", which this version"
                    + " of the node does not know (it knows 1); run the node version that wrote it, or a newer one");
        }
        Inflater inflater = new Inflater(true);
        try {
            // Raw DEFLATE asks for its dictionary before the first output; a zlib stream would name it by Adler-32.
            inflater.setDictionary(DICTIONARY);
            inflater.setInput(packed, 1, packed.length - 1);
            byte[] out = new byte[packed.length * 12 + 256];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int n = inflater.inflate(out, length, out.length - length);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("the ebRIM of " + what + " ends after " + packed.length
                            + " bytes before its DEFLATE stream does: the stored value is cut short");
                }
                length += n;
            }
            return new String(out, 0, length, StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("the ebRIM of " + what + " is not a DEFLATE stream at byte "
                    + (packed.length - inflater.getRemaining()) + " of " + packed.length + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] dictionary(String name) {
        try (InputStream in = PackedEbRim.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the ebRIM dictionary " + name + " is missing from the registry's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the ebRIM dictionary " + name, e);
        }
    }
}
