package nl.zorgbrug.registry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.TestSubmissions;

class PackedEbRimTest {

    @Property
    void anyTextComesBackAsItWent(@ForAll @StringLength(max = 20_000) String text) {
        assertThat(PackedEbRim.unpack(PackedEbRim.pack(text), "a test row")).isEqualTo(text);
    }

    @Test
    void theWritersOwnTextsComeBackAndShrinkByTheDictionary() {
        Random random = new Random(20);
        Bsn bsn = TestSubmissions.bsn(random);
        RegisterDocumentSet kos = TestSubmissions.kos(bsn, TestSubmissions.Study.random(random, "CT"), random);
        String entry = EbRim.of(kos.getDocumentEntries().get(0));
        String set = EbRim.of(kos.getSubmissionSet());
        String association = EbRim.of(kos.getAssociations().get(0));

        byte[] packedEntry = PackedEbRim.pack(entry);
        assertThat(PackedEbRim.unpack(packedEntry, "entry")).isEqualTo(entry);
        assertThat(PackedEbRim.unpack(PackedEbRim.pack(set), "set")).isEqualTo(set);
        assertThat(PackedEbRim.unpack(PackedEbRim.pack(association), "association")).isEqualTo(association);
        // The dictionary's share: without it DEFLATE leaves about a quarter of the entry; with it about a tenth.
        assertThat(packedEntry.length).isLessThan(entry.length() / 7);
        assertThat(PackedEbRim.pack(set).length).isLessThan(set.length() / 5);
        // And the entry still reads as the registry reads it back.
        assertThat(EbRim.documentEntry(PackedEbRim.unpack(packedEntry, "entry")).getUniqueId())
                .isEqualTo(kos.getDocumentEntries().get(0).getUniqueId());
    }

    @Test
    void anUnknownDictionaryIsNamed() {
        byte[] packed = PackedEbRim.pack("<x/>");
        packed[0] = 7;
        assertThatThrownBy(() -> PackedEbRim.unpack(packed, "xds_document_entry urn:uuid:1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("xds_document_entry urn:uuid:1")
                .hasMessageContaining("dictionary 7");
    }

    @Test
    void aValueCutShortIsNamedNotReadAsLess() {
        byte[] packed = PackedEbRim.pack("<x>" + "abcdefghij".repeat(500) + "</x>");
        byte[] cut = Arrays.copyOf(packed, packed.length / 2);
        assertThatThrownBy(() -> PackedEbRim.unpack(cut, "xds_submission_set urn:uuid:2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("xds_submission_set urn:uuid:2")
                .hasMessageContaining("cut short");
    }

    @Test
    void bytesThatAreNoDeflateStreamAreNamed() {
        byte[] garbage = {PackedEbRim.DICTIONARY_1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x13, 0x37};
        assertThatThrownBy(() -> PackedEbRim.unpack(garbage, "xds_association urn:uuid:3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("xds_association urn:uuid:3");
    }
}
