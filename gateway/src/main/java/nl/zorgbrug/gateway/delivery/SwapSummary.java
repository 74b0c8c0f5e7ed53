package nl.zorgbrug.gateway.delivery;

import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.dict.StandardDictionary;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;

/**
 * What a route's edits change in an object, in words for the job's history (issue 15: "swapped, what changed"):
 * each attribute by tag and keyword with its value before and after. Identifiers are masked (a BSN or Patient ID
 * never appears whole, also not in the history a person reads); a sequence is told by its number of items.
 */
final class SwapSummary {
    private SwapSummary() {
    }

    static String of(DataSet head, List<Edit> edits) {
        DataSet after = head.copy();
        StreamingEditor.apply(after, edits);
        List<String> changes = new ArrayList<>();
        for (Edit edit : edits) {
            int tag = edit.tag();
            String name = Tag.toString(tag) + " " + keyword(tag);
            if (edit instanceof Edit.Remove) {
                changes.add(name + " removed");
            } else {
                changes.add(name + " " + value(head, tag) + " -> " + value(after, tag));
            }
        }
        return "edited on the way out: " + String.join(", ", changes);
    }

    private static String keyword(int tag) {
        String k = StandardDictionary.get().keywordOf(tag);
        return k == null ? "" : k;
    }

    private static String value(DataSet ds, int tag) {
        List<DataSet> items = ds.getSequence(tag);
        if (items != null) {
            return items.size() + (items.size() == 1 ? " item" : " items");
        }
        String v = ds.getString(tag);
        if (v == null || v.isEmpty()) {
            return "(empty)";
        }
        return identifier(tag) || Bsn.isValid(v.strip()) ? Bsn.mask(v.strip()) : v;
    }

    private static boolean identifier(int tag) {
        return tag == Tag.PatientID || tag == Tag.PatientName || tag == Tag.OtherPatientIDs
                || tag == Tag.PatientBirthDate;
    }
}
