package nl.zorgbrug.gateway.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads text in {@link java.util.Properties} syntax as {@link java.util.Properties#load(java.io.Reader)} does, into
 * a plain map: the outbox's event bodies, on the audit pump for every event (issue 17). {@code Properties.load}
 * gives each call a line buffer of 8 KB chars and a reader's buffer besides (about 22 KB per event in
 * {@code AuditPumpCount}); this walks the string once.
 *
 * <p>The rules are those of the Javadoc of {@code Properties.load(Reader)} (Java SE 17), kept whole because rows
 * already in an outbox were written by {@code Properties.store} (a date comment first) and must read back the same:
 * natural lines end at {@code \n}, {@code \r} or {@code \r\n}; leading white space (space, tab, form feed) of a
 * line is skipped; a line whose first other character is {@code #} or {@code !} is a comment; a blank line is
 * nothing; a line ending in an odd number of backslashes goes on at the next line, whose leading white space is
 * skipped; the key ends at the first {@code =}, {@code :} or white space not escaped, then white space and at most
 * one {@code =} or {@code :} are skipped; {@code \t \n \r \f} and {@code \}{@code uXXXX} are escapes, any other
 * escaped character stands for itself. A later key replaces an earlier one. {@code EventCodecTest} compares this
 * with {@code Properties.load} on random text of exactly these characters.
 */
final class PropertiesText {
    private PropertiesText() {
    }

    /**
     * The keys and values of {@code text}.
     *
     * @throws IllegalArgumentException on a malformed {@code \}{@code uXXXX} escape, as {@code Properties.load}
     */
    static Map<String, String> read(String text) {
        Map<String, String> out = new HashMap<>();
        StringBuilder line = new StringBuilder(128);
        int[] at = {0};
        while (logicalLine(text, at, line)) {
            put(line, out);
        }
        return out;
    }

    private static boolean isWhite(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    /**
     * The next logical line of {@code text} from {@code at[0]} into {@code line} (continuations joined, their
     * backslash and the next line's leading white space removed, comments and blank lines skipped); false at the end.
     * As {@code Properties.LineReader.readLine}.
     */
    private static boolean logicalLine(String text, int[] at, StringBuilder line) {
        line.setLength(0);
        boolean skipWhite = true;
        boolean appendedLineBegin = false;
        boolean precedingBackslash = false;
        boolean skipLf = false;
        int i = at[0];
        int end = text.length();
        while (true) {
            if (i >= end) {
                at[0] = i;
                if (line.length() == 0) {
                    return false;
                }
                if (precedingBackslash) {
                    line.setLength(line.length() - 1);
                }
                return true;
            }
            char c = text.charAt(i++);
            if (skipLf) {
                skipLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (skipWhite) {
                if (isWhite(c) || (!appendedLineBegin && (c == '\r' || c == '\n'))) {
                    continue;
                }
                skipWhite = false;
                appendedLineBegin = false;
            }
            if (line.length() == 0 && (c == '#' || c == '!')) {
                // A comment: to the end of its natural line (a backslash does not continue it).
                while (i < end) {
                    char d = text.charAt(i++);
                    if (d == '\n') {
                        break;
                    }
                    if (d == '\r') {
                        skipLf = true;
                        break;
                    }
                }
                skipWhite = true;
                continue;
            }
            if (c != '\n' && c != '\r') {
                line.append(c);
                precedingBackslash = c == '\\' && !precedingBackslash;
                continue;
            }
            if (line.length() == 0) {
                skipWhite = true;
                continue;
            }
            if (i >= end) {
                // The text ends with this line break: the line as it is at the end of the text (even if empty then).
                at[0] = i;
                if (precedingBackslash) {
                    line.setLength(line.length() - 1);
                }
                return true;
            }
            if (precedingBackslash) {
                line.setLength(line.length() - 1);
                skipWhite = true;
                appendedLineBegin = true;
                precedingBackslash = false;
                if (c == '\r') {
                    skipLf = true;
                }
                continue;
            }
            if (c == '\r' && i < end && text.charAt(i) == '\n') {
                i++;
            }
            at[0] = i;
            return true;
        }
    }

    /** Splits a logical line into key and value, as {@code Properties.load0}. */
    private static void put(CharSequence line, Map<String, String> out) {
        int limit = line.length();
        int keyLen = 0;
        int valueStart = limit;
        boolean hasSep = false;
        boolean precedingBackslash = false;
        while (keyLen < limit) {
            char c = line.charAt(keyLen);
            if ((c == '=' || c == ':') && !precedingBackslash) {
                valueStart = keyLen + 1;
                hasSep = true;
                break;
            } else if (isWhite(c) && !precedingBackslash) {
                valueStart = keyLen + 1;
                break;
            }
            precedingBackslash = c == '\\' && !precedingBackslash;
            keyLen++;
        }
        while (valueStart < limit) {
            char c = line.charAt(valueStart);
            if (!isWhite(c)) {
                if (!hasSep && (c == '=' || c == ':')) {
                    hasSep = true;
                } else {
                    break;
                }
            }
            valueStart++;
        }
        out.put(unescape(line, 0, keyLen), unescape(line, valueStart, limit));
    }

    /** 0–15 for an ASCII hex digit, else -1 ({@code Character.digit} would take other scripts' digits too). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** The escapes of {@code Properties.loadConvert}. */
    private static String unescape(CharSequence in, int from, int to) {
        int backslash = -1;
        for (int i = from; i < to; i++) {
            if (in.charAt(i) == '\\') {
                backslash = i;
                break;
            }
        }
        if (backslash < 0) {
            return in.subSequence(from, to).toString();
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(in, from, backslash);
        int i = backslash;
        while (i < to) {
            char c = in.charAt(i++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            c = in.charAt(i++);
            if (c == 'u') {
                if (i > to - 4) {
                    throw new IllegalArgumentException("Malformed \\uxxxx encoding.");
                }
                int value = 0;
                for (int k = 0; k < 4; k++) {
                    int digit = hexDigit(in.charAt(i++));
                    if (digit < 0) {
                        throw new IllegalArgumentException("Malformed \\uxxxx encoding.");
                    }
                    value = (value << 4) | digit;
                }
                out.append((char) value);
            } else {
                out.append(switch (c) {
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 'f' -> '\f';
                    default -> c;
                });
            }
        }
        return out.toString();
    }
}
