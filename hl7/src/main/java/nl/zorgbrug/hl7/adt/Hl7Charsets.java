package nl.zorgbrug.hl7.adt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The character set of an HL7 v2 message, from MSH-18 (HL7 table 0211), read from the bytes before anything is
 * decoded. Without MSH-18 HL7 means ASCII; the node reads such a message as UTF-8, of which ASCII is a part, and
 * refuses it when it is not valid UTF-8 (an 8859-1 message that does not say so): guessing would put wrong letters in
 * patient names.
 */
final class Hl7Charsets {
    private static final Map<String, Charset> TABLE_0211 = Map.of(
            "ASCII", StandardCharsets.US_ASCII,
            "8859/1", StandardCharsets.ISO_8859_1,
            "8859/15", Charset.forName("ISO-8859-15"),
            "UNICODE UTF-8", StandardCharsets.UTF_8,
            "UNICODE", StandardCharsets.UTF_8);

    private Hl7Charsets() {
    }

    /** The message's MSH-18 as written (first repetition, first component), or null; the bytes are ASCII there. */
    static String msh18(byte[] message) {
        int end = 0;
        while (end < message.length && message[end] != '\r' && message[end] != '\n') {
            end++;
        }
        if (end < 8 || message[0] != 'M' || message[1] != 'S' || message[2] != 'H') {
            return null;
        }
        // Latin-1 keeps every byte as one char, so the separators are found whatever the set; MSH-18 itself is ASCII.
        String msh = new String(message, 0, end, StandardCharsets.ISO_8859_1);
        String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1);
        // fields[0] is "MSH", fields[1] MSH-2; so MSH-n is fields[n - 1].
        if (fields.length < 18) {
            return null;
        }
        String v = fields[17];
        for (char sep : new char[] {msh.charAt(4), msh.charAt(5)}) {
            int i = v.indexOf(sep);
            if (i >= 0) {
                v = v.substring(0, i);
            }
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    /**
     * Decodes the message strictly in its declared character set.
     *
     * @throws AdtFieldException naming MSH-18 when the set is unknown or the bytes are not valid in it
     */
    static Decoded decode(byte[] message) {
        String declared = msh18(message);
        Charset charset;
        if (declared == null) {
            charset = StandardCharsets.UTF_8;
        } else {
            charset = TABLE_0211.get(declared.toUpperCase(Locale.ROOT));
            if (charset == null) {
                throw new AdtFieldException("MSH-18", 103, "character set '" + declared + "' is not one the node"
                        + " reads (" + String.join(", ", TABLE_0211.keySet()) + ")");
            }
        }
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
            return new Decoded(text, charset);
        } catch (CharacterCodingException e) {
            throw new AdtFieldException("MSH-18", 102, declared == null
                    ? "the message is not valid UTF-8 and MSH-18 names no character set; an EPD that sends 8859/1"
                            + " must say so in MSH-18"
                    : "the message is not valid " + declared + " as MSH-18 declares");
        }
    }

    record Decoded(String text, Charset charset) {
    }
}
