package nl.zorgbrug.gateway.addressbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

class AddressBookCsvTest {
    private final Institution umc = new Institution("umcx", "UMC X, afdeling \"Radiologie\", Utrecht", "01234567",
            "06012345", "2.16.528.1.1007.99.2", "UMCX_IMPORT", "pacs.umcx.test", 11112, true,
            "https://umcx.test/dicomweb/studies", "pacs@umcx.test", "+31 30 000 0000", true,
            "CN=pacs.umcx.test,O=UMC X,C=NL");

    @Test
    void exportThenImportGivesTheSameEntries() throws IOException {
        String csv = AddressBookCsv.export(List.of(umc));
        assertThat(csv).startsWith(AddressBookCsv.HEADER + "\n");
        assertThat(AddressBookCsv.parse(new StringReader(csv), "book.csv")).containsExactly(umc);
    }

    @Test
    void badLinesAreAllReportedAndNothingIsImported() {
        String csv = AddressBookCsv.HEADER_V1 + "\n"
                + "umcx,UMC X,1234,,,UMCX,host,104,false,,,\n"
                + "Bad Key,,,,,,,,false,,,\n"
                + "mmc,MMC,,,,MMC,host,notaport,false,,,\n";
        assertThatThrownBy(() -> AddressBookCsv.parse(new StringReader(csv), "book.csv"))
                .hasMessageContaining("nothing imported")
                .hasMessageContaining("book.csv line 2: ura: 8 digits")
                .hasMessageContaining("book.csv line 3: key:")
                .hasMessageContaining("book.csv line 3: name: required")
                .hasMessageContaining("book.csv line 4: port 'notaport'");
    }

    @Test
    void anUnclosedQuoteIsABadLineLikeAnyOther() {
        String csv = AddressBookCsv.HEADER_V1 + "\n" + "mmc,\"MMC,,,,MMC,host,104,false,,,\n";
        assertThatThrownBy(() -> AddressBookCsv.parse(new StringReader(csv), "book.csv"))
                .hasMessageContaining("nothing imported")
                .hasMessageContaining("book.csv line 2, column 34: quoted field not closed");
    }

    @Test
    void theOlderLayoutWithoutCommitmentAndSubjectIsStillRead() throws IOException {
        String csv = AddressBookCsv.HEADER_V1 + "\n" + "mmc,MMC,,,,MMC,host,104,false,,,\n";
        assertThat(AddressBookCsv.parse(new StringReader(csv), "old.csv")).singleElement()
                .satisfies(i -> assertThat(i.storageCommitment()).isFalse())
                .satisfies(i -> assertThat(i.certificateSubject()).isNull());
    }

    @Test
    void aCertificateSubjectMustBeADistinguishedNameOfAnEntryWithAnAeTitle() {
        Institution bad = new Institution("a", "A", null, null, null, "AE", "h", 104, true, null, null, null, false,
                "not a DN");
        assertThat(bad.problems()).singleElement().asString().startsWith("certificateSubject: a distinguished name");
        Institution noAe = new Institution("a", "A", null, null, null, null, null, 0, false,
                "https://a.test/dicomweb", null, null, true, "CN=a");
        assertThat(noAe.problems()).containsExactly(
                "storageCommitment: needs a DICOM AE title (storage commitment is a DIMSE service)",
                "certificateSubject: binds an AE title, so the entry needs one");
    }

    @Test
    void wrongHeaderIsNamed() {
        assertThatThrownBy(() -> AddressBookCsv.parse(new StringReader("name,key\n"), "x.csv"))
                .hasMessageContaining("x.csv line 1");
    }

    @Test
    void aeTitleRulesOfPs35() {
        Institution tooLong = new Institution("a", "A", null, null, null, "THIS_AE_IS_TOO_LONG", "h", 104, false,
                null, null, null);
        assertThat(tooLong.problems()).anyMatch(p -> p.startsWith("aeTitle"));
        Institution noHost = new Institution("a", "A", null, null, null, "AE", "", 104, false, null, null, null);
        assertThat(noHost.problems()).containsExactly("host: required with an AE title");
        assertThat(umc.problems()).isEmpty();
    }
}
