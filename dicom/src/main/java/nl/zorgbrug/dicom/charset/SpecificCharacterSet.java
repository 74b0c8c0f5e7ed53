package nl.zorgbrug.dicom.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1: decodes and encodes the
 * values of SH, LO, ST, LT, PN, UC and UT. Single-valued terms map onto one JDK charset.
 * Multi-valued "ISO 2022 ..." terms use code extensions: escape sequences switch the G0 or G1
 * set inside a value, and the initial set returns at each value and PN component delimiter and
 * at control characters (PS3.5 6.1.2.5.3).
 */
public final class SpecificCharacterSet {

    /** One defined term with the JDK charset and the ISO 2022 escape sequence that invokes it. */
    private record Term(String name, Charset charset, byte[] escape, boolean g0, boolean multiByte) {
    }

    private static final byte ESC = 0x1B;

    private static final List<Term> TERMS = List.of(
            term("ISO_IR 6", "US-ASCII", "(B", true, false),
            term("ISO 2022 IR 6", "US-ASCII", "(B", true, false),
            term("ISO_IR 100", "ISO-8859-1", "-A", false, false),
            term("ISO_IR 101", "ISO-8859-2", "-B", false, false),
            term("ISO_IR 109", "ISO-8859-3", "-C", false, false),
            term("ISO_IR 110", "ISO-8859-4", "-D", false, false),
            term("ISO_IR 144", "ISO-8859-5", "-L", false, false),
            term("ISO_IR 127", "ISO-8859-6", "-G", false, false),
            term("ISO_IR 126", "ISO-8859-7", "-F", false, false),
            term("ISO_IR 138", "ISO-8859-8", "-H", false, false),
            term("ISO_IR 148", "ISO-8859-9", "-M", false, false),
            term("ISO_IR 203", "ISO-8859-15", "-b", false, false),
            term("ISO_IR 166", "x-IBM874", "-T", false, false),
            term("ISO_IR 13", "JIS_X0201", ")I", false, false),
            term("ISO 2022 IR 87", "x-JIS0208", "$B", true, true),
            term("ISO 2022 IR 159", "x-JIS0212", "$(D", true, true),
            term("ISO 2022 IR 149", "EUC-KR", "$)C", false, true),
            term("ISO 2022 IR 58", "GB2312", "$)A", false, true),
            term("ISO_IR 192", "UTF-8", null, true, true),
            term("GB18030", "GB18030", null, true, true),
            term("GBK", "GBK", null, true, true));

    private static Term term(String name, String charset, String escape, boolean g0, boolean multiByte) {
        Charset cs = Charset.isSupported(charset) ? Charset.forName(charset) : StandardCharsets.ISO_8859_1;
        byte[] esc = null;
        if (escape != null) {
            esc = new byte[escape.length() + 1];
            esc[0] = ESC;
            System.arraycopy(escape.getBytes(StandardCharsets.US_ASCII), 0, esc, 1, escape.length());
        }
        return new Term(name, cs, esc, g0, multiByte);
    }

    /**
     * ESC ( J designates JIS X 0201 Romaji into G0: the G0 half of ISO 2022 IR 13 (PS3.3 C.12.1.1.2
     * Table C.12-4), used after JIS X 0208 text to return to single bytes, e.g. before the PN
     * delimiters "^" and "=" (PS3.5 H.3.2 example, pydicom's chrH32.dcm). It differs from ASCII only
     * at 0x5C (yen) and 0x7E (overline); those are decoded as ASCII, as pydicom and dcmtk do, because
     * 0x5C is the value delimiter in every DICOM repertoire (PS3.5 6.1.2.5.3).
     */
    private static final Term JIS_X0201_ROMAJI = term("ISO 2022 IR 13 (JIS X 0201 Romaji)", "US-ASCII", "(J", true, false);

    public static final SpecificCharacterSet DEFAULT =
            new SpecificCharacterSet(List.of(""), List.of(lookup("ISO_IR 6")), List.of());

    /** Code extension terms as senders misspell them: "ISO-2022-IR 87", "iso 2022 ir100". */
    private static final Pattern MISSPELT_ISO_2022 = Pattern.compile("ISO[ _-]*2022[ _-]*IR[ _-]*(\\d+)");
    /** Single-byte terms as senders misspell them: "ISO IR 192", "ISO_IR192", "ISO-IR 100". */
    private static final Pattern MISSPELT_ISO_IR = Pattern.compile("ISO[ _-]*IR[ _-]*(\\d+)");

    private final List<String> values;
    private final List<Term> terms;
    private final List<String> unknownTerms;

    private SpecificCharacterSet(List<String> values, List<Term> terms, List<String> unknownTerms) {
        this.values = List.copyOf(values);
        this.terms = List.copyOf(terms);
        this.unknownTerms = List.copyOf(unknownTerms);
    }

    /**
     * Builds the character set from the values of (0008,0005). An empty first value means the
     * default repertoire (ISO_IR 6). Common misspellings of a defined term ("ISO IR 192",
     * "ISO_IR192", lower case) mean that term. An unknown term is an error that names it; a
     * reader that must go on instead uses {@link #lenient(String...)}.
     */
    public static SpecificCharacterSet of(String... values) {
        SpecificCharacterSet cs = lenient(values);
        if (!cs.unknownTerms.isEmpty()) {
            throw new UnknownCharacterSetException(cs.unknownTerms.get(0));
        }
        return cs;
    }

    /**
     * As {@link #of(String...)}, but never throws: an unknown term is kept by name in
     * {@link #unknownTerms()} and stands for a single-byte set decoded as Latin-1, so every byte
     * stays visible and nothing is lost. Text can be read from such a set but not written into it
     * ({@link #encode} throws {@link UnknownCharacterSetException}). This is how an object with a
     * wrong declaration is read, copied and streamed: the declaration is the caller's to judge.
     */
    public static SpecificCharacterSet lenient(String... values) {
        if (values == null || values.length == 0 || (values.length == 1 && values[0].isBlank())) {
            return DEFAULT;
        }
        return make(values);
    }

    private static SpecificCharacterSet make(String... values) {
        List<Term> terms = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String v = values[i].trim();
            if (v.isEmpty()) {
                terms.add(lookup(i == 0 ? "ISO_IR 6" : "ISO 2022 IR 6"));
                continue;
            }
            Term t = lookup(normalise(v));
            if (t == null) {
                unknown.add(values[i]);
                t = new Term(values[i], StandardCharsets.ISO_8859_1, null, true, false);
            }
            terms.add(t);
        }
        return new SpecificCharacterSet(Arrays.asList(values), terms, unknown);
    }

    /** The terms of (0008,0005) that name no set we know, as written; empty when all are known. */
    public List<String> unknownTerms() {
        return unknownTerms;
    }

    /**
     * "ISO 2022 IR 100" and "ISO_IR 100" invoke the same set; only the mechanism differs. Spaces,
     * underscores, hyphens and case are forgiven, as pydicom forgives them, because senders get them
     * wrong and the number alone names the ISO-IR registration (PS3.3 C.12.1.1.2).
     */
    private static String normalise(String v) {
        String up = v.trim().toUpperCase(Locale.ROOT);
        Matcher iso2022 = MISSPELT_ISO_2022.matcher(up);
        Matcher isoIr = MISSPELT_ISO_IR.matcher(up);
        if (iso2022.matches()) {
            up = "ISO 2022 IR " + iso2022.group(1);
        } else if (isoIr.matches()) {
            up = "ISO_IR " + isoIr.group(1);
        }
        if (up.startsWith("ISO 2022 IR ")) {
            String number = up.substring("ISO 2022 IR ".length());
            if (lookup("ISO 2022 IR " + number) == null) {
                return "ISO_IR " + number;
            }
        }
        return up;
    }

    private static Term lookup(String name) {
        for (Term t : TERMS) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public List<String> values() {
        return values;
    }

    public boolean usesCodeExtensions() {
        return values.size() > 1 || MISSPELT_ISO_2022.matcher(values.get(0).trim().toUpperCase(Locale.ROOT)).matches();
    }

    /** Decodes a text value of the given VR; VRs not affected by (0008,0005) decode as Latin-1. */
    public String decode(byte[] bytes, TextVR vr) {
        if (!vr.isCharsetAffected()) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (!usesCodeExtensions()) {
            Term t = terms.get(0);
            // The default repertoire is decoded as Latin-1 so a wrong declaration loses nothing.
            Charset cs = t.charset().equals(StandardCharsets.US_ASCII) ? StandardCharsets.ISO_8859_1 : t.charset();
            return new String(bytes, cs);
        }
        return decodeIso2022(bytes, vr);
    }

    private String decodeIso2022(byte[] bytes, TextVR vr) {
        StringBuilder out = new StringBuilder(bytes.length);
        Term initialG0 = terms.get(0).g0() ? terms.get(0) : lookup("ISO_IR 6");
        Term initialG1 = terms.get(0).g0() ? null : terms.get(0);
        Term g0 = initialG0;
        Term g1 = initialG1;
        int i = 0;
        int runStart = 0;
        Term runTerm = null;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b == ESC) {
                flush(out, bytes, runStart, i, runTerm);
                Term next = termForEscape(bytes, i);
                if (next == null) {
                    // Unknown escape: keep the byte visible rather than drop data.
                    out.append('\u001B');
                    i++;
                } else {
                    if (next.g0()) {
                        g0 = next;
                    } else {
                        g1 = next;
                    }
                    i += next.escape().length;
                }
                runStart = i;
                runTerm = null;
                continue;
            }
            boolean delimiter = !g0.multiByte() && (b == '\\' || b == '\r' || b == '\n' || b == '\t' || b == '\f'
                    || (vr.isPersonName() && (b == '^' || b == '=')));
            Term current = b < 0x80 ? g0 : (g1 != null ? g1 : lookup("ISO_IR 100"));
            if (runTerm != null && current != runTerm) {
                flush(out, bytes, runStart, i, runTerm);
                runStart = i;
            }
            runTerm = current;
            if (current.multiByte() && i + 1 < bytes.length) {
                i += 2;
            } else {
                i++;
            }
            if (delimiter) {
                g0 = initialG0;
                g1 = initialG1;
            }
        }
        flush(out, bytes, runStart, bytes.length, runTerm);
        return out.toString();
    }

    private static void flush(StringBuilder out, byte[] bytes, int from, int to, Term term) {
        if (to <= from || term == null) {
            return;
        }
        Charset cs = term.charset();
        if (term.multiByte() && term.g0() && term.escape() != null) {
            // JIS X 0208/0212 in G0 are 7-bit two-byte codes; the JDK charset wants them as EUC (high bit set).
            byte[] copy = Arrays.copyOfRange(bytes, from, to);
            for (int k = 0; k < copy.length; k++) {
                copy[k] = (byte) (copy[k] | 0x80);
            }
            String jis = new String(copy, Charset.isSupported("EUC-JP") ? Charset.forName("EUC-JP") : cs);
            out.append(jis);
            return;
        }
        if (cs.equals(StandardCharsets.US_ASCII)) {
            cs = StandardCharsets.ISO_8859_1;
        }
        out.append(new String(bytes, from, to - from, cs));
    }

    private Term termForEscape(byte[] bytes, int at) {
        for (Term t : terms) {
            byte[] esc = t.escape();
            if (esc != null && at + esc.length <= bytes.length
                    && Arrays.equals(esc, 0, esc.length, bytes, at, at + esc.length)) {
                return t;
            }
        }
        // ESC ( B always returns G0 to ASCII, even if IR 6 is not listed.
        Term ascii = lookup("ISO 2022 IR 6");
        byte[] esc = ascii.escape();
        if (at + esc.length <= bytes.length && Arrays.equals(esc, 0, esc.length, bytes, at, at + esc.length)) {
            return ascii;
        }
        byte[] romaji = JIS_X0201_ROMAJI.escape();
        if (at + romaji.length <= bytes.length && Arrays.equals(romaji, 0, romaji.length, bytes, at, at + romaji.length)) {
            return JIS_X0201_ROMAJI;
        }
        return null;
    }

    /** Printable ASCII but the tilde, and the value delimiter: the same bytes under every term (see encode). */
    private static boolean invariant(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7D) {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes a text value. Throws {@link UnmappableTextException} naming the character when
     * none of the declared sets can represent it: we never replace characters silently.
     */
    public byte[] encode(String text, TextVR vr) {
        if (!vr.isCharsetAffected()) {
            return encodeStrict(text, StandardCharsets.US_ASCII, vr, text);
        }
        if (!unknownTerms.isEmpty()) {
            if (invariant(text)) {
                // Every repertoire a Specific Character Set term names holds these characters as the same bytes:
                // G0 is ISO-IR 6 or, for ISO 2022 IR 13, JIS X 0201 Romaji, which differs only at 0x5C (used as
                // the value delimiter in both) and 0x7E (PS3.5 6.1.2.5.3, Table C.12-4); UTF-8, GB18030 and GBK
                // keep ASCII. So a BSN, an OID or a code is written safely whatever the unknown term meant.
                return encodeStrict(text, StandardCharsets.US_ASCII, vr, text);
            }
            throw new UnknownCharacterSetException(unknownTerms.get(0));
        }
        if (!usesCodeExtensions()) {
            return encodeStrict(text, terms.get(0).charset(), vr, text);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length();
            char c = end ? 0 : text.charAt(i);
            boolean delimiter = !end && (c == '\\' || c == '\r' || c == '\n' || c == '\t' || c == '\f'
                    || (vr.isPersonName() && (c == '^' || c == '=')));
            if (end || delimiter) {
                encodeSegment(text.substring(start, i), text, vr, out);
                if (delimiter) {
                    out.write(c);
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    private void encodeSegment(String segment, String whole, TextVR vr, ByteArrayOutputStream out) {
        if (segment.isEmpty()) {
            return;
        }
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(segment)) {
            out.writeBytes(segment.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        for (Term t : terms) {
            if (t.escape() == null || t.charset().equals(StandardCharsets.US_ASCII)) {
                continue;
            }
            CharsetEncoder enc = t.charset().newEncoder();
            if (!enc.canEncode(segment)) {
                continue;
            }
            boolean initial = t == terms.get(0);
            if (!initial) {
                out.writeBytes(t.escape());
            }
            byte[] encoded = encodeStrict(segment, t.charset(), vr, whole);
            if (t.multiByte() && t.g0()) {
                byte[] euc = new String(encoded, t.charset()).getBytes(Charset.forName("EUC-JP"));
                for (byte b : euc) {
                    out.write(b & 0x7F);
                }
                out.writeBytes(lookup("ISO 2022 IR 6").escape());
            } else {
                out.writeBytes(encoded);
            }
            return;
        }
        throw new UnmappableTextException(whole, String.join("\\", values));
    }

    private byte[] encodeStrict(String text, Charset cs, TextVR vr, String whole) {
        CharsetEncoder enc = cs.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(text));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new UnmappableTextException(whole, vr.isCharsetAffected() ? String.join("\\", values) : "ISO_IR 6 (" + vr + ")");
        }
    }

    /** True when the bytes decode without error under the declared set: used to hold objects whose declaration lies. */
    public boolean canDecodeStrictly(byte[] bytes, TextVR vr) {
        if (!vr.isCharsetAffected()) {
            return true;
        }
        if (!unknownTerms.isEmpty()) {
            // Only what every repertoire shares, ASCII, is known to be read right under an unknown term.
            for (byte b : bytes) {
                if (b < 0) {
                    return false;
                }
            }
            return true;
        }
        if (usesCodeExtensions()) {
            return true;
        }
        Charset cs = terms.get(0).charset();
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return String.join("\\", values);
    }
}
