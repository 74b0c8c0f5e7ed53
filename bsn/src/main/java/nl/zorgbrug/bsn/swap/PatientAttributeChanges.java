package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * Collects the changes a swap makes to top-level patient attributes and turns them into edits, adding
 * one item to (0400,0561) Original Attributes Sequence that records them (PS3.3 C.12.1 SOP Common
 * Module, C.12.1.1.9): (0400,0550) Modified Attributes Sequence with the previous values, (0400,0562)
 * Attribute Modification DateTime, (0400,0563) Modifying System, (0400,0564) Source of Previous Values
 * and (0400,0565) Reason for the Attribute Modification = COERCE (values changed to match a receiving
 * system's expectations, here the BSN in DICOM guideline). An attribute that did not exist before is
 * recorded with an empty value, so the record shows it was added. Setting a value that is already
 * there is no change: that is what makes the swaps idempotent.
 */
final class PatientAttributeChanges {
    private static final DateTimeFormatter DT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSxx").withZone(ZoneOffset.UTC);

    private final DataSet header;
    private final Map<Integer, Element> changed = new LinkedHashMap<>();

    PatientAttributeChanges(DataSet header) {
        this.header = header;
    }

    /** Sets a text attribute, encoded in the header's character set. */
    void setText(int tag, VR vr, String value) {
        DataSet scratch = DataSet.itemOf(header);
        scratch.setString(tag, vr, value);
        set(scratch.get(tag));
    }

    void set(Element element) {
        Element old = header.get(element.tag());
        if (old != null && sameContent(old, element)) {
            return;
        }
        changed.put(element.tag(), element);
    }

    void setSequence(int tag, List<DataSet> items, boolean undefinedLength) {
        set(new Element(tag, VR.SQ, new Value.Sequence(items, undefinedLength)));
    }

    /** Removes an attribute (a change too, when it was present). */
    void remove(int tag) {
        if (header.contains(tag)) {
            changed.put(tag, null);
        }
    }

    boolean isEmpty() {
        return changed.isEmpty();
    }

    List<Edit> toEdits(Instant now, String modifyingSystem, String sourceOfPreviousValues) {
        if (changed.isEmpty()) {
            return List.of();
        }
        List<Edit> edits = new ArrayList<>();
        DataSet modified = DataSet.itemOf(header);
        for (Map.Entry<Integer, Element> change : changed.entrySet()) {
            int tag = change.getKey();
            Element old = header.get(tag);
            if (old != null) {
                modified.put(copy(old));
            } else {
                VR vr = change.getValue().vr();
                modified.put(new Element(tag, vr, vr == VR.SQ ? new Value.Sequence(List.of(), false) : Value.Bytes.EMPTY));
            }
            edits.add(change.getValue() == null ? new Edit.Remove(tag) : new Edit.Put(change.getValue()));
        }
        DataSet record = DataSet.itemOf(header);
        record.setSequence(Tag.ModifiedAttributesSequence, List.of(modified));
        record.setString(Tag.AttributeModificationDateTime, VR.DT, DT.format(now));
        record.setString(Tag.ModifyingSystem, VR.LO, truncate(modifyingSystem, 64));
        record.setString(Tag.SourceOfPreviousValues, VR.LO, truncate(sourceOfPreviousValues == null ? "" : sourceOfPreviousValues, 64));
        record.setString(Tag.ReasonForTheAttributeModification, VR.CS, "COERCE");
        List<DataSet> oas = new ArrayList<>();
        List<DataSet> existing = header.getSequence(Tag.OriginalAttributesSequence);
        boolean undefined = false;
        if (existing != null) {
            for (DataSet item : existing) {
                oas.add(item.copy());
            }
            undefined = ((Value.Sequence) header.get(Tag.OriginalAttributesSequence).value()).undefinedLength();
        }
        oas.add(record);
        edits.add(new Edit.Put(new Element(Tag.OriginalAttributesSequence, VR.SQ, new Value.Sequence(oas, undefined))));
        return edits;
    }

    /** A deep copy that leaves the original (and its items' parents) untouched. */
    static Element copy(Element e) {
        if (e.value() instanceof Value.Bytes b) {
            return new Element(e.tag(), e.vr(), new Value.Bytes(b.bytes().clone()));
        }
        if (e.value() instanceof Value.Sequence s) {
            List<DataSet> items = new ArrayList<>();
            for (DataSet item : s.items()) {
                items.add(item.copy().undefinedLength(item.undefinedLength()));
            }
            return new Element(e.tag(), e.vr(), new Value.Sequence(items, s.undefinedLength()));
        }
        return e;
    }

    private static boolean sameContent(Element a, Element b) {
        if (a.vr() != b.vr()) {
            return false;
        }
        DataSet x = new DataSet();
        x.put(copy(a));
        DataSet y = new DataSet();
        y.put(copy(b));
        return x.contentEquals(y);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
