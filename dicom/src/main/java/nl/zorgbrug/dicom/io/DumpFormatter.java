package nl.zorgbrug.dicom.io;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.dict.StandardDictionary;

/**
 * A human-readable listing in the manner of dcmtk's dcmdump: tag, VR, value, then after "#" the
 * value length, the number of values and the keyword; items and sequences indented by depth.
 */
public final class DumpFormatter {
    private static final int MAX_SHOWN = 64;
    private final StandardDictionary dictionary = StandardDictionary.get();

    public String format(DataSet ds) {
        StringBuilder sb = new StringBuilder();
        append(ds, sb, 0);
        return sb.toString();
    }

    private void append(DataSet ds, StringBuilder sb, int depth) {
        String indent = "  ".repeat(depth);
        for (Element e : ds.elements()) {
            String keyword = dictionary.keywordOf(e.tag());
            if (e.value() instanceof Value.Sequence seq) {
                sb.append(indent).append(Tag.toString(e.tag())).append(' ').append(e.vr())
                        .append(" (Sequence with ").append(seq.undefinedLength() ? "undefined" : "explicit")
                        .append(" length #=").append(seq.items().size()).append(")  # ")
                        .append(keyword).append('\n');
                int n = 0;
                for (DataSet item : seq.items()) {
                    n++;
                    sb.append(indent).append("  (FFFE,E000) na (Item #").append(n).append(" with ")
                            .append(item.undefinedLength() ? "undefined" : "explicit").append(" length)\n");
                    append(item, sb, depth + 2);
                }
            } else if (e.value() instanceof Value.Fragments frags) {
                sb.append(indent).append(Tag.toString(e.tag())).append(' ').append(e.vr())
                        .append(" (PixelSequence #=").append(frags.fragments().size()).append(")  # ")
                        .append(keyword).append('\n');
                int n = 0;
                for (byte[] f : frags.fragments()) {
                    sb.append(indent).append("  (FFFE,E000) pi fragment #").append(n++).append("  # ")
                            .append(f.length).append('\n');
                }
            } else {
                byte[] bytes = ((Value.Bytes) e.value()).bytes();
                String shown;
                int vm;
                if (e.vr().isText() || isNumber(e)) {
                    String[] values = ds.getStrings(e.tag());
                    vm = values.length;
                    shown = values.length == 0 ? "(no value available)" : "[" + String.join("\\", values) + "]";
                } else {
                    vm = bytes.length == 0 ? 0 : 1;
                    shown = hex(bytes);
                }
                if (shown.length() > MAX_SHOWN + 2) {
                    shown = shown.substring(0, MAX_SHOWN) + "...";
                }
                sb.append(indent).append(Tag.toString(e.tag())).append(' ').append(e.vr()).append(' ')
                        .append(shown).append("  # ").append(bytes.length).append(", ").append(vm).append(' ')
                        .append(keyword).append('\n');
            }
        }
    }

    private static boolean isNumber(Element e) {
        switch (e.vr()) {
            case US: case SS: case UL: case SL: case UV: case SV: case FL: case FD: case AT:
                return true;
            default:
                return false;
        }
    }

    private static String hex(byte[] bytes) {
        if (bytes.length == 0) {
            return "(no value available)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 24); i++) {
            if (i > 0) {
                sb.append('\\');
            }
            sb.append(String.format("%02x", bytes[i] & 0xFF));
        }
        if (bytes.length > 24) {
            sb.append("...");
        }
        return sb.toString();
    }
}
