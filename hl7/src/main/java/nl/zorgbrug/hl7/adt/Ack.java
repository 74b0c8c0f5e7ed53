package nl.zorgbrug.hl7.adt;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HL7 v2 acknowledgement in original mode (HL7 v2.5.1 2.9.2): MSA-1 AA (applied), AE (understood, not applied)
 * or AR (rejected: not a message the node takes, or not readable), with one ERR segment per error or warning.
 *
 * <p>Written by hand with the sender's own encoding characters, so the fields copied from its MSH stay as they were
 * and an ACK can be made even for a message that could not be parsed. ERR carries both layouts: ERR-1 (ELD, read by
 * 2.3 and 2.4 receivers) and ERR-2..4 and 8 (location, HL7 table 0357 code, severity, text; 2.5 and later).
 */
final class Ack {
    enum Code { AA, AE, AR }

    /** One ERR segment: where (segment, its sequence, field), the table 0357 code, E or W, and the text. */
    record Error(String location, int code, boolean warning, String text) {
    }

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private final Clock clock;
    private final ZoneId zone;
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix;

    Ack(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.idPrefix = "ZB" + Long.toString(clock.millis(), 36).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The ACK for a message whose MSH is {@code msh} (the raw segment, possibly null when there was none).
     * {@code event} goes into MSH-9-2 when known.
     */
    String build(String msh, Code code, String event, List<Error> errors) {
        Header h = Header.of(msh);
        String f = String.valueOf(h.field);
        String c = String.valueOf(h.component);
        StringBuilder b = new StringBuilder();
        b.append("MSH").append(f).append(h.encoding)
                .append(f).append(h.get(5)).append(f).append(h.get(6))
                .append(f).append(h.get(3)).append(f).append(h.get(4))
                .append(f).append(TS.format(clock.instant().atZone(zone)))
                .append(f)
                .append(f).append("ACK").append(event == null ? "" : c + escape(event, h) + c + "ACK")
                .append(f).append(idPrefix).append(ids.incrementAndGet())
                .append(f).append(h.get(11).isEmpty() ? "P" : h.get(11))
                .append(f).append(h.get(12).isEmpty() ? "2.5.1" : h.get(12));
        if (!h.get(18).isEmpty()) {
            b.append(f.repeat(6)).append(h.get(18));
        }
        b.append('\r');
        b.append("MSA").append(f).append(code).append(f).append(h.get(10)).append('\r');
        for (Error e : errors) {
            Location l = Location.parse(e.location());
            String s = String.valueOf(h.subcomponent);
            b.append("ERR")
                    .append(f).append(l.segment()).append(c).append(l.sequence()).append(c).append(l.field())
                    .append(c).append(e.code()).append(s).append(escape(e.text(), h))
                    .append(f).append(l.segment()).append(c).append(l.sequence()).append(c).append(l.field())
                    .append(f).append(e.code()).append(c).append(escape(text0357(e.code()), h)).append(c).append("HL70357")
                    .append(f).append(e.warning() ? "W" : "E")
                    .append(f).append(f).append(f).append(f).append(escape(e.text(), h))
                    .append('\r');
        }
        return b.toString();
    }

    private static String text0357(int code) {
        switch (code) {
            case 100: return "Segment sequence error";
            case 101: return "Required field missing";
            case 102: return "Data type error";
            case 103: return "Table value not found";
            case 200: return "Unsupported message type";
            case 201: return "Unsupported event code";
            case 203: return "Unsupported version id";
            case 207: return "Application internal error";
            default: return "Application error";
        }
    }

    /** HL7 v2.5.1 2.7.4: the delimiters in a text are written as escape sequences. */
    static String escape(String text, Header h) {
        StringBuilder b = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if (ch == h.escape) {
                b.append(h.escape).append('E').append(h.escape);
            } else if (ch == h.field) {
                b.append(h.escape).append('F').append(h.escape);
            } else if (ch == h.component) {
                b.append(h.escape).append('S').append(h.escape);
            } else if (ch == h.subcomponent) {
                b.append(h.escape).append('T').append(h.escape);
            } else if (ch == h.repetition) {
                b.append(h.escape).append('R').append(h.escape);
            } else if (ch == '\r' || ch == '\n') {
                b.append(' ');
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** The sender's MSH, split by its own delimiters; the standard ones when it has none usable. */
    static final class Header {
        final char field;
        final char component;
        final char repetition;
        final char escape;
        final char subcomponent;
        final String encoding;
        private final List<String> fields;

        private Header(char field, String encoding, List<String> fields) {
            this.field = field;
            this.encoding = encoding;
            this.component = encoding.charAt(0);
            this.repetition = encoding.charAt(1);
            this.escape = encoding.charAt(2);
            this.subcomponent = encoding.charAt(3);
            this.fields = fields;
        }

        static Header of(String msh) {
            if (msh == null || msh.length() < 8 || !msh.startsWith("MSH")) {
                return new Header('|', "^~\\&", List.of());
            }
            char f = msh.charAt(3);
            List<String> parts = split(msh, f);
            String enc = parts.size() > 1 ? parts.get(1) : "";
            if (enc.length() < 4 || enc.chars().distinct().count() != enc.length() || enc.indexOf(f) >= 0) {
                // Delimiters the sender did not define properly: answer in the standard ones, copying nothing.
                return new Header('|', "^~\\&", List.of());
            }
            return new Header(f, enc.substring(0, 4), parts);
        }

        /** MSH-n as written, or "" (MSH-n is fields[n - 1]: fields[0] is "MSH", fields[1] MSH-2). */
        String get(int n) {
            return n - 1 < fields.size() ? fields.get(n - 1) : "";
        }
    }

    /**
     * {@code text} cut at every {@code delimiter}, empty pieces kept (as {@code String.split(regex, -1)}, without
     * making a regular expression for each message).
     */
    static List<String> split(String text, char delimiter) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, from)) {
            parts.add(text.substring(from, at));
            from = at + 1;
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** "PID-3", "PID(2)-3", "MRG-1", "PID", "MSH-18" as an ERR location. */
    record Location(String segment, int sequence, String field) {
        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("([A-Z][A-Z0-9]{2})(?:\\((\\d+)\\))?(?:-(\\d+))?");

        static Location parse(String text) {
            java.util.regex.Matcher m = FORM.matcher(text == null ? "" : text);
            if (!m.matches()) {
                return new Location("", 1, "");
            }
            return new Location(m.group(1), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? "" : m.group(3));
        }
    }
}
