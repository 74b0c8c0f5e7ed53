package nl.zorgbrug.bsn.swap;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/**
 * Whether the name or birth date in an object clearly differs from the MPI's for the same patient.
 * "Clearly": only values present on both sides are compared; names after removing diacritics, case,
 * punctuation and spaces (so "Ëlla^de Vries" equals "ELLA^DE VRIES"), a family name counts as the same
 * when one contains the other (prefixes such as "van" are spelled both inside and outside the family
 * name component) and after undoing the usual transliterations (ü as ue, ij as y), and given names only by
 * their first letter (initials are common in DICOM).
 */
final class DemographicsCheck {
    private DemographicsCheck() {
    }

    /** A description of the first clear difference (without the values themselves), or empty. */
    static Optional<String> clearDifference(PatientIdentity object, MpiPatient mpi) {
        if (object.birthDate() != null && mpi.birthDate() != null && !object.birthDate().equals(mpi.birthDate())) {
            return Optional.of("(0010,0030) Patient's Birth Date differs from the MPI's birth_date");
        }
        if (object.patientName() != null) {
            // PS3.5 6.2.1.1: component groups split by '=', components by '^'; the first group is alphabetic.
            String[] parts = object.patientName().split("=", -1)[0].split("\\^", -1);
            String family = fold(parts[0]);
            String given = parts.length > 1 ? fold(parts[1]) : "";
            String mpiFamily = fold(mpi.familyName());
            String mpiGiven = fold(mpi.givenName());
            if (!family.isEmpty() && !mpiFamily.isEmpty() && !sameName(family, mpiFamily)) {
                return Optional.of("(0010,0010) Patient's Name family name differs from the MPI's family_name");
            }
            if (!given.isEmpty() && !mpiGiven.isEmpty() && given.charAt(0) != mpiGiven.charAt(0)) {
                return Optional.of("(0010,0010) Patient's Name given name differs from the MPI's given_name");
            }
        }
        return Optional.empty();
    }

    /**
     * One contains the other, also after the usual transliterations (Müller, MULLER, MUELLER; IJ and Y
     * in Dutch names), which systems without the right character set produce.
     */
    static boolean sameName(String a, String b) {
        if (a.contains(b) || b.contains(a)) {
            return true;
        }
        String ta = transliterated(a);
        String tb = transliterated(b);
        return ta.contains(tb) || tb.contains(ta);
    }

    private static String transliterated(String folded) {
        return folded.replace("ae", "a").replace("oe", "o").replace("ue", "u").replace("ij", "y");
    }

    static String fold(String s) {
        if (s == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
