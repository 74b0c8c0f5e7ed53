package nl.zorgbrug.bsn.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 4180 as the MPI file and the address book write it. */
class CsvTest {

    @Test
    void quotedFieldsHoldCommasAndQuotesAndEmptyFieldsStay() {
        assertThat(Csv.fields("a,\"Vries, de\",\"zeg \"\"hoi\"\"\",, x "))
                .containsExactly("a", "Vries, de", "zeg \"hoi\"", "", " x ");
    }

    @Test
    void whatQuoteWritesFieldsReadsBack() {
        List<String> values = List.of("plain", "with,comma", "with \"quote\"", "", "ä€");
        String line = String.join(",", values.stream().map(Csv::quote).toList());
        assertThat(Csv.fields(line)).containsExactlyElementsOf(values);
        assertThat(Csv.quote(null)).isEmpty();
        assertThat(Csv.quote("plain")).isEqualTo("plain");
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingTheColumn() {
        assertThatThrownBy(() -> Csv.fields("a,\"open"))
                .isInstanceOf(Csv.CsvFormatException.class).hasMessage("column 8: quoted field not closed");
    }

    @Test
    void theByteOrderMarkIsDropped() {
        assertThat(Csv.withoutBom("\uFEFFkey,name")).isEqualTo("key,name");
        assertThat(Csv.withoutBom("key,name")).isEqualTo("key,name");
    }
}
