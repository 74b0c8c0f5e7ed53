package nl.zorgbrug.dicom.edit;

import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;

/** One change to a top-level attribute, as planned by a rule and applied by the {@link StreamingEditor}. */
public sealed interface Edit permits Edit.Put, Edit.Remove {

    int tag();

    /** Sets (inserts or replaces) a top-level element. */
    record Put(Element element) implements Edit {
        @Override
        public int tag() {
            return element.tag();
        }

        @Override
        public String toString() {
            return "put " + Tag.toString(element.tag());
        }
    }

    /** Removes a top-level element if present. */
    record Remove(int tag) implements Edit {
        @Override
        public String toString() {
            return "remove " + Tag.toString(tag);
        }
    }
}
