package nl.zorgbrug.bsn;

import java.util.Optional;

/**
 * A Burgerservicenummer: nine digits that pass the 11-proof (Wet algemene bepalingen
 * burgerservicenummer; the proof is 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 mod 11, and 000000000 is not a BSN).
 *
 * <p>Written forms with spaces or dots ("1234.56.782") are accepted, and eight digits get the leading
 * zero back that spreadsheets strip. {@link #toString()} masks the number so it never lands whole in a
 * log line; {@link #value()} gives the full nine digits for the places that must carry it (the DICOM
 * header, the MPI).
 */
public final class Bsn {
    /** The OID of the issuer of BSNs (the Dutch government's BSN register), used as Issuer of Patient ID. */
    public static final String ISSUER_OID = "2.16.840.1.113883.2.4.6.3";

    private final String digits;

    private Bsn(String digits) {
        this.digits = digits;
    }

    /** Parses a BSN; throws {@link InvalidBsnException} (whose message never holds the whole input). */
    public static Bsn parse(String text) {
        String digits = normalize(text);
        if (digits == null) {
            throw new InvalidBsnException("not a BSN: " + mask(text)
                    + " has not 9 digits (8 with the leading zero dropped); spaces and dots are the only separators allowed");
        }
        if (!passesElevenProof(digits)) {
            throw new InvalidBsnException("not a BSN: " + mask(digits)
                    + " fails the 11-proof (9·d1 + 8·d2 + … + 2·d8 − d9 must be a multiple of 11, not all zeros)");
        }
        return new Bsn(digits);
    }

    /** The BSN, or empty when the text is not a valid BSN. */
    public static Optional<Bsn> tryParse(String text) {
        String digits = normalize(text);
        return digits != null && passesElevenProof(digits) ? Optional.of(new Bsn(digits)) : Optional.empty();
    }

    /**
     * A BSN as a DICOM header carries it: exactly nine digits that pass the 11-proof. Stricter than
     * {@link #tryParse}, so an 8-digit local number is never taken for a BSN with its zero dropped.
     */
    public static Optional<Bsn> fromHeaderValue(String value) {
        if (value == null || value.length() != 9) {
            return Optional.empty();
        }
        for (int i = 0; i < 9; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return passesElevenProof(value) ? Optional.of(new Bsn(value)) : Optional.empty();
    }

    public static boolean isValid(String text) {
        return tryParse(text).isPresent();
    }

    /** Nine digits, or null when the text cannot be read as nine digits. */
    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (c != ' ' && c != '.') {
                return null;
            }
        }
        if (sb.length() == 8) {
            sb.insert(0, '0');
        }
        return sb.length() == 9 ? sb.toString() : null;
    }

    /** The 11-proof on exactly nine ASCII digits. */
    static boolean passesElevenProof(String nineDigits) {
        if (nineDigits.length() != 9 || "000000000".equals(nineDigits)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (nineDigits.charAt(i) - '0');
        }
        sum -= nineDigits.charAt(8) - '0';
        return Math.floorMod(sum, 11) == 0;
    }

    /** The full nine digits: only for the places that must carry the BSN itself, never for logs. */
    public String value() {
        return digits;
    }

    /** "*****1234": enough to tell two BSNs apart in a report, not enough to identify a person. */
    public String masked() {
        return mask(digits);
    }

    /** Masks any identifier for logs and evidence: all but the last four characters become '*'. */
    public static String mask(String text) {
        if (text == null) {
            return "(none)";
        }
        int keep = Math.min(4, text.length() / 2);
        return "*".repeat(text.length() - keep) + text.substring(text.length() - keep);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bsn other && other.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
