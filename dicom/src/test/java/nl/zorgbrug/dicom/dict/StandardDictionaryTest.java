package nl.zorgbrug.dicom.dict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.VR;

class StandardDictionaryTest {
    private final StandardDictionary dict = StandardDictionary.get();

    @Test
    void holdsTheWholeStandardDictionary() {
        assertThat(dict.size()).isGreaterThan(4500);
        assertThat(dict.keywordOf(0x00100020)).isEqualTo("PatientID");
        assertThat(dict.vrOf(0x00101002)).isEqualTo(VR.SQ);
        assertThat(dict.vrOf(0x04000561)).isEqualTo(VR.SQ);
        assertThat(dict.byKeyword("IssuerOfPatientIDQualifiersSequence").orElseThrow().tag()).isEqualTo(0x00100024);
    }

    @Test
    void retiredAttributesAreMarked() {
        assertThat(dict.lookup(0x00101000).orElseThrow().retired()).isTrue();
        assertThat(dict.keywordOf(0x00101000)).isEqualTo("OtherPatientIDs");
        assertThat(dict.lookup(0x00100020).orElseThrow().retired()).isFalse();
    }

    @Test
    void repeatingGroupsMatchEveryEvenGroupOfTheirRange() {
        // PS3.5 7.6: overlays in groups 6000-601E.
        assertThat(dict.keywordOf(0x60000010)).isEqualTo("OverlayRows");
        assertThat(dict.keywordOf(0x601E0010)).isEqualTo("OverlayRows");
        assertThat(dict.vrOf(0x60023000)).isEqualTo(VR.OW);
    }

    @Test
    void privateCreatorsAreLoAndUnknownPrivateTagsAreUn() {
        // PS3.5 7.8.1: (gggg,0010-00FF) in an odd group reserve private blocks and are LO.
        assertThat(dict.vrOf(0x00090010)).isEqualTo(VR.LO);
        assertThat(dict.vrOf(0x000900FF)).isEqualTo(VR.LO);
        assertThat(dict.vrOf(0x00091010)).isEqualTo(VR.UN);
        assertThat(dict.vrOf(0x00090000)).isEqualTo(VR.UL);
    }

    @Test
    void pseudoVrsAreResolvedForImplicitReading() {
        assertThat(dict.vrOf(0x00280106)).isEqualTo(VR.US); // xs
        assertThat(dict.vrOf(0x7FE00010)).isEqualTo(VR.OW); // px
    }

    @Test
    void usOrSsAttributesFollowPixelRepresentationExceptLutDescriptors() {
        assertThat(dict.isUsOrSs(0x00280106)).isTrue();
        assertThat(dict.isUsOrSs(0x00280103)).isFalse();
        assertThat(dict.vrOf(0x00280106, 1)).isEqualTo(VR.SS);
        assertThat(dict.vrOf(0x00280106, 0)).isEqualTo(VR.US);
        assertThat(dict.vrOf(0x00280106, -1)).isEqualTo(VR.US);
        assertThat(dict.isUsOrSs(0x00283002)).isTrue();
        assertThat(dict.vrOf(0x00283002, 1)).as("LUT Descriptor, PS3.3 C.11.1.1").isEqualTo(VR.US);
        assertThat(dict.vrOf(0x00281101, 1)).as("Red Palette Color LUT Descriptor").isEqualTo(VR.US);
        assertThat(dict.vrOf(0x00100010, 1)).isEqualTo(VR.PN);
    }
}
