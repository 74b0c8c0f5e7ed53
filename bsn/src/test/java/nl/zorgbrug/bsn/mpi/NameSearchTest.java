package nl.zorgbrug.bsn.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameSearchTest {

    @Test
    void accentsAndCaseFoldAway() {
        assertThat(NameSearch.fold("Çelik")).isEqualTo(NameSearch.fold("celik")).isEqualTo("celik");
        assertThat(NameSearch.fold("Müller")).isEqualTo("muller");
        assertThat(NameSearch.fold(" Ærøskøbing ")).isEqualTo("aeroskobing");
        assertThat(NameSearch.fold("Straße")).isEqualTo("strasse");
        assertThat(NameSearch.fold("Łukasz Yıldız")).isEqualTo("lukasz yildiz");
        assertThat(NameSearch.fold("van der Berg")).isEqualTo("van der berg");
        assertThat(NameSearch.fold(null)).isNull();
    }

    @Test
    void decomposedAndComposedSpellingsFoldAlike() {
        String composed = "\u00C7elik";
        String decomposed = "C\u0327elik";
        assertThat(NameSearch.fold(composed)).isEqualTo(NameSearch.fold(decomposed));
    }
}
