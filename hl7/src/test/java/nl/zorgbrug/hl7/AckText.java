package nl.zorgbrug.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An acknowledgement as the sender reads it: MSA-1, MSA-2, and per ERR segment its location, code and severity. */
public record AckText(String text) {
    public static AckText of(byte[] bytes) {
        return new AckText(new String(bytes, StandardCharsets.UTF_8));
    }

    public static AckText of(byte[] bytes, Charset charset) {
        return new AckText(new String(bytes, charset));
    }

    public String segment(String name) {
        for (String s : text.split("\r")) {
            if (s.startsWith(name + "|")) {
                return s;
            }
        }
        return null;
    }

    public String field(String segment, int n) {
        String s = segment(segment);
        if (s == null) {
            return null;
        }
        String[] f = s.split("\\|", -1);
        int i = segment.equals("MSH") ? n - 1 : n;
        return i < f.length ? f[i] : "";
    }

    public String code() {
        return field("MSA", 1);
    }

    /** "PID^1^3 E", one per ERR: ERR-2 and ERR-4. */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        for (String s : text.split("\r")) {
            if (s.startsWith("ERR|")) {
                String[] f = s.split("\\|", -1);
                out.add(f[2] + " " + f[4]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text.replace('\r', '\n');
    }
}
