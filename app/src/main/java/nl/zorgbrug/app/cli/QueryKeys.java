package nl.zorgbrug.app.cli;

import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.dict.DictionaryEntry;
import nl.zorgbrug.dicom.dict.StandardDictionary;

/**
 * Query keys as people type them, like dcmtk's {@code -k}: {@code Keyword=value}, {@code Keyword} (return
 * key, empty), {@code gggg,eeee=value}, and one level into a sequence:
 * {@code OtherPatientIDsSequence.PatientID=999911120}.
 */
final class QueryKeys {
    private QueryKeys() {
    }

    static DataSet build(List<String> keys, String level) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        for (String k : keys) {
            int eq = k.indexOf('=');
            String name = eq < 0 ? k : k.substring(0, eq);
            String value = eq < 0 ? "" : k.substring(eq + 1);
            int dot = name.indexOf('.');
            if (dot > 0) {
                DictionaryEntry seq = entry(name.substring(0, dot), k);
                if (seq.vr() != VR.SQ) {
                    throw new IllegalArgumentException("key '" + k + "': " + name.substring(0, dot) + " is not a sequence");
                }
                List<DataSet> items = ds.getSequence(seq.tag());
                DataSet item = items != null && !items.isEmpty() ? items.get(0) : DataSet.itemOf(ds);
                put(item, entry(name.substring(dot + 1), k), value);
                ds.setSequence(seq.tag(), List.of(item));
            } else {
                put(ds, entry(name, k), value);
            }
        }
        return ds;
    }

    private static void put(DataSet ds, DictionaryEntry e, String value) {
        if (e.vr() == VR.SQ) {
            ds.setSequence(e.tag(), List.of());
        } else if (value.isEmpty()) {
            ds.setBytes(e.tag(), e.vr(), new byte[0]);
        } else if (e.vr().isText()) {
            ds.setString(e.tag(), e.vr(), value.split("\\\\"));
        } else if (e.vr() == VR.US || e.vr() == VR.UL || e.vr() == VR.SS || e.vr() == VR.SL) {
            ds.setInt(e.tag(), e.vr(), Integer.parseInt(value));
        } else {
            throw new IllegalArgumentException("cannot give a value to " + e.keyword() + " (VR " + e.vr() + ") on the command line");
        }
    }

    private static DictionaryEntry entry(String name, String key) {
        StandardDictionary dict = StandardDictionary.get();
        if (name.matches("[0-9A-Fa-f]{4},[0-9A-Fa-f]{4}")) {
            int tag = Integer.parseUnsignedInt(name.replace(",", ""), 16);
            return dict.lookup(tag).map(e -> new DictionaryEntry(tag, 0xFFFFFFFF, e.vr(), e.vm(), e.keyword(), e.retired()))
                    .orElseThrow(() -> new IllegalArgumentException("key '" + key + "': tag (" + name + ") is not in the dictionary"));
        }
        return dict.byKeyword(name).orElseThrow(() -> new IllegalArgumentException(
                "key '" + key + "': '" + name + "' is not a DICOM keyword (e.g. PatientID, StudyInstanceUID, 0010,0020)"));
    }
}
