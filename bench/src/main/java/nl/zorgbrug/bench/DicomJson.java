package nl.zorgbrug.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a QIDO-RS answer in the DICOM JSON Model (PS3.18 Annex F.2): per result, each attribute's tag and VR,
 * and the Study Instance UID's value under {@link #UID}. A scanner of the JSON text (strings, brackets, colons), enough
 * for this model: the results an array of objects keyed by tag, each attribute an object with "vr" and "Value".
 */
final class DicomJson {
    static final String UID = "StudyInstanceUID";
    private static final String STUDY_UID_TAG = "0020000D";

    private DicomJson() {
    }

    static List<Map<String, String>> studies(String json) {
        List<Map<String, String>> studies = new ArrayList<>();
        Map<String, String> study = null;
        String tag = null;
        String key = null;
        int depth = 0;
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (json.charAt(i) != '"') {
                    if (json.charAt(i) == '\\') {
                        i++;
                    }
                    s.append(json.charAt(i++));
                }
                i++;
                int j = i;
                while (j < json.length() && Character.isWhitespace(json.charAt(j))) {
                    j++;
                }
                boolean isKey = j < json.length() && json.charAt(j) == ':';
                if (isKey) {
                    key = s.toString();
                    if (depth == 2) {
                        tag = key;
                    }
                } else if (depth == 3 && "vr".equals(key) && study != null) {
                    study.put(tag, s.toString());
                } else if (depth == 4 && STUDY_UID_TAG.equals(tag) && "Value".equals(key) && study != null) {
                    study.put(UID, s.toString());
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
                if (c == '{' && depth == 2) {
                    study = new TreeMap<>();
                    studies.add(study);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        }
        return studies;
    }
}
