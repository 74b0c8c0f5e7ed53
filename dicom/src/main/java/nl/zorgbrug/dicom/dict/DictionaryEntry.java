package nl.zorgbrug.dicom.dict;

import nl.zorgbrug.dicom.data.VR;

/** One attribute of PS3.6: tag (with the mask of a repeating group), VR, VM, keyword, retired flag. */
public record DictionaryEntry(int tag, int mask, VR vr, String vm, String keyword, boolean retired) {
    public boolean matches(int candidate) {
        return (candidate & mask) == tag;
    }
}
