package nl.zorgbrug.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

class SpecificCharacterSetTest {
    private static final SpecificCharacterSet LATIN1 = SpecificCharacterSet.of("ISO_IR 100");
    private static final SpecificCharacterSet UTF8 = SpecificCharacterSet.of("ISO_IR 192");
    private static final SpecificCharacterSet ISO2022 = SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 100");

    @ParameterizedTest
    @ValueSource(strings = {"Ëlla^de Vries", "Jürgen^van Dijk", "Çiğdem^Öztürk", "Noël^d'Hondt=Noël", "Zoë^Bakker^^Mw."})
    void dutchNamesRoundTripExactly(String name) {
        for (SpecificCharacterSet cs : new SpecificCharacterSet[] {UTF8, ISO2022, LATIN1}) {
            if (cs == LATIN1 || cs == ISO2022) {
                if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(name)) {
                    continue;
                }
            }
            assertThat(cs.decode(cs.encode(name, VR.PN), VR.PN)).as(cs.toString()).isEqualTo(name);
        }
    }

    @Test
    void iso2022DesignatesLatin1InG1AndResetsAtComponentDelimiters() {
        byte[] bytes = ISO2022.encode("Jürgen^van Dijk", VR.PN);
        // ESC - A designates ISO-IR 100 into G1 (PS3.3 C.12.1.1.2); only the component with ü needs it.
        assertThat(bytes).containsExactly(0x1B, '-', 'A', 'J', 0xFC - 256, 'r', 'g', 'e', 'n', '^',
                'v', 'a', 'n', ' ', 'D', 'i', 'j', 'k');
        assertThat(ISO2022.decode(bytes, VR.PN)).isEqualTo("Jürgen^van Dijk");
    }

    @Test
    void latin1BytesDecodeUnderIso2022WithoutEscapeAsTheDefaultG1() {
        byte[] bytes = "Ëlla".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 100").decode(bytes, VR.PN)).isEqualTo("Ëlla");
    }

    @Test
    void textThatTheSetCannotHoldIsRefusedNotReplaced() {
        assertThatThrownBy(() -> SpecificCharacterSet.DEFAULT.encode("Zoë", VR.PN))
                .isInstanceOf(UnmappableTextException.class)
                .hasMessageContaining("ISO_IR 192");
        assertThatThrownBy(() -> LATIN1.encode("Łukasz", VR.PN)).isInstanceOf(UnmappableTextException.class);
    }

    @Test
    void unknownTermIsNamed() {
        assertThatThrownBy(() -> SpecificCharacterSet.of("ISO_IR 999"))
                .isInstanceOf(UnknownCharacterSetException.class)
                .hasMessageContaining("ISO_IR 999")
                .hasMessageContaining("(0008,0005)");
    }

    @Test
    void onlyTextVrsOfPs35Section6123AreAffected() {
        byte[] bytes = {(byte) 0xC3, (byte) 0xAB};
        assertThat(UTF8.decode(bytes, VR.LO)).isEqualTo("ë");
        assertThat(UTF8.decode(bytes, VR.CS)).isEqualTo("Ã«");
    }

    @Test
    void strictCheckFindsBytesThatBelieTheDeclaration() {
        byte[] latin1 = "Zoë".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(UTF8.canDecodeStrictly(latin1, VR.PN)).isFalse();
        assertThat(UTF8.canDecodeStrictly("Zoë".getBytes(StandardCharsets.UTF_8), VR.PN)).isTrue();
    }

    @Property(tries = 500)
    void anyLatin1TextRoundTripsInEveryLatin1CapableSet(
            @ForAll @StringLength(max = 40) @CharRange(from = ' ', to = 'ÿ') String text) {
        String clean = text.replace("\\", "").replace("\u007f", "");
        for (SpecificCharacterSet cs : new SpecificCharacterSet[] {UTF8, ISO2022, LATIN1}) {
            assertThat(cs.decode(cs.encode(clean, VR.LO), VR.LO)).isEqualTo(clean);
        }
    }

    @Test
    void jisX0201RomajiEscapeReturnsG0ToSingleBytesSoPnDelimitersSurvive() {
        // PS3.5 H.3.2: ISO 2022 IR 13 with IR 87; JIS X 0208 text is followed by ESC ( J (Romaji into G0).
        String katakana = "\uFF94\uFF8F\uFF80\uFF9E";
        String kanjiFamily = "\u5C71\u7530";
        String kanjiGiven = "\u592A\u90CE";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(katakana.getBytes(java.nio.charset.Charset.forName("JIS_X0201")));
        bytes.write('=');
        for (String kanji : new String[] {kanjiFamily, kanjiGiven}) {
            bytes.writeBytes(new byte[] {0x1B, '$', 'B'});
            for (byte b : kanji.getBytes(java.nio.charset.Charset.forName("EUC-JP"))) {
                bytes.write(b & 0x7F);
            }
            bytes.writeBytes(new byte[] {0x1B, '(', 'J'});
            bytes.write(kanji == kanjiFamily ? '^' : '\\');
        }
        bytes.writeBytes("X".getBytes(StandardCharsets.US_ASCII));
        SpecificCharacterSet japanese = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");
        assertThat(japanese.decode(bytes.toByteArray(), VR.PN))
                .isEqualTo(katakana + "=" + kanjiFamily + "^" + kanjiGiven + "\\X");
    }

    /** Terms as senders misspell them (issue 15); pydicom corrects the same ones. */
    @ParameterizedTest
    @ValueSource(strings = {"ISO IR 192", "ISO_IR192", "iso_ir 192", "ISO-IR 192", " ISO IR  192 "})
    void commonMisspellingsOfATermAreRecognisedAsTheTermTheyMean(String term) {
        byte[] utf8 = "Zoë".getBytes(StandardCharsets.UTF_8);
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        assertThat(cs.decode(utf8, VR.PN)).isEqualTo("Zoë");
        assertThat(cs.unknownTerms()).isEmpty();
    }

    @Test
    void misspelledCodeExtensionTermsAreRecognisedToo() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "iso 2022 ir 100");
        assertThat(cs.decode(new byte[] {0x1B, '-', 'A', (byte) 0xEB}, VR.PN)).isEqualTo("ë");
    }

    @Test
    void anUnknownTermReadLenientlyIsNamedAndDecodesAsLatin1InsteadOfThrowing() {
        SpecificCharacterSet cs = SpecificCharacterSet.lenient("ISO_IR 999");
        assertThat(cs.unknownTerms()).containsExactly("ISO_IR 999");
        assertThat(cs.decode("Ëlla".getBytes(StandardCharsets.ISO_8859_1), VR.PN)).isEqualTo("Ëlla");
        assertThat(cs.canDecodeStrictly("Ella".getBytes(StandardCharsets.US_ASCII), VR.PN)).isTrue();
        assertThat(cs.canDecodeStrictly("Ëlla".getBytes(StandardCharsets.ISO_8859_1), VR.PN)).isFalse();
        assertThatThrownBy(() -> cs.encode("Ëlla", VR.PN))
                .isInstanceOf(UnknownCharacterSetException.class).hasMessageContaining("ISO_IR 999");
        assertThat(SpecificCharacterSet.lenient("ISO_IR 100").unknownTerms()).isEmpty();
    }

    /**
     * Issue 22: a data set asks for its character set with every text value it decodes; it makes the set once per
     * declaration and makes it again when (0008,0005) changes, here or in the data set enclosing an item.
     */
    @Test
    void aDataSetMakesItsSetOncePerDeclaration() {
        DataSet ds = new DataSet().setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 100");
        SpecificCharacterSet first = ds.decodingCharset();
        assertThat(ds.decodingCharset()).isSameAs(first);
        assertThat(first.decode(new byte[] {0x1B, '-', 'A', (byte) 0xEB}, VR.PN)).isEqualTo("ë");

        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        assertThat(ds.decodingCharset()).isNotSameAs(first);
        assertThat(ds.decodingCharset().decode("ë".getBytes(StandardCharsets.UTF_8), VR.PN))
                .isEqualTo("ë");

        DataSet item = DataSet.itemOf(ds);
        SpecificCharacterSet inherited = item.decodingCharset();
        assertThat(item.decodingCharset()).isSameAs(inherited);
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 998");
        assertThat(item.decodingCharset().unknownTerms()).containsExactly("ISO_IR 998");
        assertThatThrownBy(item::charset).isInstanceOf(UnknownCharacterSetException.class);
    }

    /**
     * Issue 15: a BSN, an OID or a code written into an object whose term no one knows is the same bytes under every
     * term (ASCII but the tilde: ISO 646's G0 of every DICOM set, JIS X 0201 Romaji differing only at 0x5C and 0x7E),
     * so it is written; any other character still needs the set and is refused.
     */
    @Test
    void underAnUnknownTermTextEveryRepertoireHoldsAlikeIsEncodedAndNothingElse() {
        SpecificCharacterSet cs = SpecificCharacterSet.lenient("ISO_IR 999");
        assertThat(cs.encode("999911120", VR.LO)).isEqualTo("999911120".getBytes(StandardCharsets.US_ASCII));
        assertThat(cs.encode("2.16.840.1.113883.2.4.6.3", VR.UT))
                .isEqualTo("2.16.840.1.113883.2.4.6.3".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> cs.encode("Vries^\u00cblla", VR.PN)).isInstanceOf(UnknownCharacterSetException.class);
        assertThatThrownBy(() -> cs.encode("a~b", VR.LO)).isInstanceOf(UnknownCharacterSetException.class);
    }

    /** PS3.5 6.1.2.3: a UID or code string is written in the default repertoire, whatever (0008,0005) says. */
    @Test
    void aValueOfAVrTheCharacterSetDoesNotAffectIsWrittenUnderAnUnknownTerm() {
        nl.zorgbrug.dicom.data.DataSet ds = new nl.zorgbrug.dicom.data.DataSet();
        ds.setBytes(nl.zorgbrug.dicom.data.Tag.SpecificCharacterSet, VR.CS,
                "ISO_IR 999".getBytes(StandardCharsets.US_ASCII));
        ds.setString(nl.zorgbrug.dicom.data.Tag.SOPInstanceUID, VR.UI, "2.25.1");
        ds.setString(nl.zorgbrug.dicom.data.Tag.Modality, VR.CS, "CT");
        assertThat(ds.getString(nl.zorgbrug.dicom.data.Tag.SOPInstanceUID)).isEqualTo("2.25.1");
        assertThat(ds.getString(nl.zorgbrug.dicom.data.Tag.Modality)).isEqualTo("CT");
    }
}
