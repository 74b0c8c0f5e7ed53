package nl.zorgbrug.dicom.net.service;

import java.util.List;
import java.util.regex.Pattern;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;

/**
 * Attribute matching of PS3.4 C.2.2.2 for a query identifier against one record: single value,
 * universal (empty key), wildcard ("*", "?"), list of UIDs, range (dates and times, "a-b", "-b",
 * "a-") and sequence matching (an item of keys matches when any item of the record matches it, so a
 * query on Other Patient IDs Sequence (0010,1002) with Patient ID and Issuer of Patient ID finds the
 * patient by any of its identifiers). Keys without a value match anything; a key with a value does
 * not match a record that lacks the attribute.
 */
public final class AttributeMatcher {
    private AttributeMatcher() {
    }

    public static boolean matches(DataSet keys, DataSet record) {
        for (Element key : keys.elements()) {
            int tag = key.tag();
            if (tag == Tag.SpecificCharacterSet || tag == Tag.QueryRetrieveLevel || Tag.isGroupLength(tag)) {
                continue;
            }
            if (!matches(key, keys, record)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Element key, DataSet keys, DataSet record) {
        Value kv = key.value();
        if (kv instanceof Value.Sequence seq) {
            if (seq.items().isEmpty() || seq.items().get(0).isEmpty()) {
                return true; // universal sequence matching
            }
            List<DataSet> items = record.getSequence(key.tag());
            if (items == null) {
                return false;
            }
            DataSet itemKeys = seq.items().get(0);
            for (DataSet item : items) {
                if (matches(itemKeys, item)) {
                    return true;
                }
            }
            return false;
        }
        if (!(kv instanceof Value.Bytes b) || b.bytes().length == 0) {
            return true; // universal matching
        }
        if (!key.vr().isText()) {
            Element r = record.get(key.tag());
            return r != null && r.value() instanceof Value.Bytes rb && java.util.Arrays.equals(rb.bytes(), b.bytes());
        }
        String wanted = keys.getText(key.tag());
        if (wanted == null || wanted.isEmpty() || wanted.equals("*")) {
            return true;
        }
        String[] values = record.getStrings(key.tag());
        if (values.length == 0) {
            return false;
        }
        VR vr = key.vr();
        if (vr == VR.UI) {
            for (String want : wanted.split("\\\\")) {
                for (String v : values) {
                    if (v.equals(want.trim())) {
                        return true;
                    }
                }
            }
            return false;
        }
        if ((vr == VR.DA || vr == VR.TM || vr == VR.DT) && wanted.contains("-")) {
            int dash = wanted.indexOf('-');
            String from = wanted.substring(0, dash).trim();
            String to = wanted.substring(dash + 1).trim();
            for (String v : values) {
                if ((from.isEmpty() || v.compareTo(from) >= 0) && (to.isEmpty() || v.compareTo(pad(to, v)) <= 0)) {
                    return true;
                }
            }
            return false;
        }
        boolean wildcard = wanted.indexOf('*') >= 0 || wanted.indexOf('?') >= 0;
        Pattern p = wildcard ? wildcard(wanted, vr == VR.PN) : null;
        for (String v : values) {
            if (wildcard ? p.matcher(v).matches() : (vr == VR.PN ? v.equalsIgnoreCase(wanted) : v.equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    /** An upper range bound "20260101" also covers times within that day when compared with a DT value. */
    private static String pad(String to, String value) {
        return value.length() > to.length() && value.startsWith(to) ? value : to;
    }

    private static Pattern wildcard(String key, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /**
     * The response identifier for a matching record (PS3.4 C.4.1.1.3.2): every requested key with the
     * record's value (or empty when the record has none), plus the Query/Retrieve Level and the
     * record's Specific Character Set.
     */
    public static DataSet response(DataSet keys, DataSet record) {
        DataSet out = new DataSet();
        Element cs = record.get(Tag.SpecificCharacterSet);
        if (cs != null) {
            out.put(cs);
        }
        for (Element key : keys.elements()) {
            if (key.tag() == Tag.SpecificCharacterSet || Tag.isGroupLength(key.tag())) {
                continue;
            }
            Element r = record.get(key.tag());
            if (key.tag() == Tag.QueryRetrieveLevel || r == null) {
                out.put(key.value() instanceof Value.Sequence ? new Element(key.tag(), VR.SQ,
                        new Value.Sequence(List.of(), false)) : key.tag() == Tag.QueryRetrieveLevel ? key
                        : new Element(key.tag(), key.vr(), Value.Bytes.EMPTY));
            } else {
                out.put(r);
            }
        }
        return out.copy();
    }
}
