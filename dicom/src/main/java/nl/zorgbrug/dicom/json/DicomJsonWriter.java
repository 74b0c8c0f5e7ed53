package nl.zorgbrug.dicom.json;

import java.math.BigDecimal;
import java.util.Base64;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;

/**
 * The DICOM JSON Model of PS3.18 Annex F.2: one object per data set, keyed by the tag as eight
 * upper-case hex digits, with "vr" and "Value" (or "InlineBinary" for bulk VRs). Numbers stay
 * numbers (F.2.3), person names are split into Alphabetic/Ideographic/Phonetic (F.2.2).
 */
public final class DicomJsonWriter {
    private final boolean pretty;

    public DicomJsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    public String write(DataSet ds) {
        StringBuilder sb = new StringBuilder();
        writeDataSet(ds, sb, 0);
        return sb.toString();
    }

    private void writeDataSet(DataSet ds, StringBuilder sb, int indent) {
        sb.append('{');
        boolean first = true;
        for (Element e : ds.elements()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            newline(sb, indent + 1);
            sb.append('"').append(String.format("%08X", e.tag())).append("\":");
            writeElement(ds, e, sb, indent + 1);
        }
        if (!first) {
            newline(sb, indent);
        }
        sb.append('}');
    }

    private void writeElement(DataSet ds, Element e, StringBuilder sb, int indent) {
        VR vr = e.vr();
        Value v = e.value();
        sb.append("{\"vr\":\"").append(v instanceof Value.Sequence ? "SQ" : vr.name()).append('"');
        if (v instanceof Value.Sequence seq) {
            if (!seq.items().isEmpty()) {
                sb.append(",\"Value\":[");
                for (int i = 0; i < seq.items().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    writeDataSet(seq.items().get(i), sb, indent + 1);
                }
                sb.append(']');
            }
        } else if (v instanceof Value.Fragments frags) {
            int total = 0;
            for (byte[] f : frags.fragments()) {
                total += f.length;
            }
            byte[] joined = new byte[total];
            int off = 0;
            for (byte[] f : frags.fragments()) {
                System.arraycopy(f, 0, joined, off, f.length);
                off += f.length;
            }
            sb.append(",\"InlineBinary\":\"").append(Base64.getEncoder().encodeToString(joined)).append('"');
        } else {
            byte[] bytes = ((Value.Bytes) v).bytes();
            if (bytes.length > 0) {
                if (vr.isBinary() && !isNumeric(vr)) {
                    sb.append(",\"InlineBinary\":\"").append(Base64.getEncoder().encodeToString(bytes)).append('"');
                } else {
                    writeValues(ds, e, sb);
                }
            }
        }
        sb.append('}');
    }

    private static boolean isNumeric(VR vr) {
        switch (vr) {
            case US: case SS: case UL: case SL: case UV: case SV: case FL: case FD: case AT:
                return true;
            default:
                return false;
        }
    }

    private void writeValues(DataSet ds, Element e, StringBuilder sb) {
        String[] values = ds.getStrings(e.tag());
        sb.append(",\"Value\":[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String value = values[i];
            switch (e.vr()) {
                case PN:
                    writePersonName(value, sb);
                    break;
                case IS: case DS:
                    writeNumber(value, sb);
                    break;
                case US: case SS: case UL: case SL: case UV: case SV:
                    sb.append(value);
                    break;
                case FL: case FD:
                    writeFloat(value, sb);
                    break;
                default:
                    if (value.isEmpty()) {
                        sb.append("null");
                    } else {
                        quote(value, sb);
                    }
            }
        }
        sb.append(']');
    }

    private static void writeNumber(String value, StringBuilder sb) {
        if (value.isEmpty()) {
            sb.append("null");
            return;
        }
        try {
            sb.append(new BigDecimal(value.trim()).toString());
        } catch (NumberFormatException ex) {
            quote(value, sb);
        }
    }

    private static void writeFloat(String value, StringBuilder sb) {
        double d = Double.parseDouble(value);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            quote(value, sb);
        } else {
            sb.append(value);
        }
    }

    private static void writePersonName(String value, StringBuilder sb) {
        if (value.isEmpty()) {
            sb.append("null");
            return;
        }
        String[] groups = value.split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        sb.append('{');
        boolean first = true;
        for (int i = 0; i < Math.min(groups.length, 3); i++) {
            if (groups[i].isEmpty()) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(names[i]).append("\":");
            quote(groups[i], sb);
        }
        sb.append('}');
    }

    /** A JSON string (RFC 8259 section 7): quote, backslash and control characters escaped. */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private void newline(StringBuilder sb, int indent) {
        if (pretty) {
            sb.append('\n');
            sb.append("  ".repeat(indent));
        }
    }
}
