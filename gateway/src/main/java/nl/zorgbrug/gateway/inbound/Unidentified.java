package nl.zorgbrug.gateway.inbound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

/**
 * A failure described for the log without the patient it concerns: the object's Patient module values (group
 * 0010: name and its components, IDs, birth date, the Other Patient IDs Sequence) and any nine digits that pass
 * the BSN's 11-proof are replaced by {@value #MASK}. A database's message can quote the value it refused (H2
 * does: "Value too long for column ...: 'Jansen^...'"), and no log line may hold a patient's name, ID or BSN
 * (the project's rule; AVG art. 32).
 */
final class Unidentified {
    static final String MASK = "***";
    private static final Pattern NINE_DIGITS = Pattern.compile("(?<![0-9])[0-9]{9}(?![0-9])");
    private static final int FRAMES = 6;

    private Unidentified() {
    }

    /**
     * The exception's chain (each type with its message, the patient's values masked) and its first frames.
     *
     * @param head the object's head, when it was read (null otherwise: then only BSNs are masked)
     */
    static String describe(Throwable failure, DataSet head) {
        List<String> secrets = secrets(head);
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t != failure) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(mask(t.getMessage(), secrets));
            }
        }
        StackTraceElement[] frames = failure.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
            out.append("\n\tat ").append(frames[i]);
        }
        return out.toString();
    }

    static String mask(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        Matcher m = NINE_DIGITS.matcher(out);
        StringBuilder masked = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(masked, Bsn.isValid(m.group()) ? MASK : m.group());
        }
        m.appendTail(masked);
        return masked.toString();
    }

    /** The patient's values in the head, longest first (so a name is masked whole before its parts). */
    static List<String> secrets(DataSet head) {
        List<String> secrets = new ArrayList<>();
        if (head == null) {
            return secrets;
        }
        for (Element e : head.elements(0x00100000, 0x00110000)) {
            if (e.tag() == Tag.OtherPatientIDsSequence) {
                for (DataSet item : head.getSequence(e.tag())) {
                    add(secrets, item.getStrings(Tag.PatientID));
                }
            } else if (e.vr().isText()) {
                String[] values = head.getStrings(e.tag());
                add(secrets, values);
                for (String v : values) {
                    if (e.vr() == VR.PN) {
                        add(secrets, v.split("[\\^=]"));
                    }
                }
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
    }

    private static void add(List<String> secrets, String[] values) {
        for (String v : values) {
            // Single letters (an initial, the sex) would mask half the message and identify no one.
            if (v != null && v.trim().length() > 1) {
                secrets.add(v.trim());
            }
        }
    }
}
