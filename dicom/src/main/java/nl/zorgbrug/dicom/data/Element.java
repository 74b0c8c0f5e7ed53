package nl.zorgbrug.dicom.data;

/** A data element (PS3.5 7.1): tag, VR and value. */
public record Element(int tag, VR vr, Value value) {
    public Element {
        if (vr == null || value == null) {
            throw new IllegalArgumentException("element " + Tag.toString(tag) + " needs a VR and a value");
        }
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + vr;
    }
}
