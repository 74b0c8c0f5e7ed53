package nl.zorgbrug.bsn.mpi;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Names as a search compares them: without accents and case, so a person who types "Celik" finds "Çelik"
 * and "muller" finds "Müller". Diacritics go by Unicode canonical decomposition (NFD, then the combining marks
 * removed); letters that do not decompose get their usual Latin spelling.
 */
public final class NameSearch {
    private NameSearch() {
    }

    /** The name folded for comparison; null stays null. */
    public static String fold(String name) {
        if (name == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(name.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        StringBuilder folded = new StringBuilder(decomposed.length());
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case 'ß' -> folded.append("ss");
                case 'æ' -> folded.append("ae");
                case 'œ' -> folded.append("oe");
                case 'ø' -> folded.append('o');
                case 'ł' -> folded.append('l');
                case 'đ' -> folded.append('d');
                case 'ı' -> folded.append('i');
                default -> folded.append(c);
            }
        }
        return folded.toString();
    }
}
