package nl.zorgbrug.hl7.adt;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How this hospital's EPD writes what the node needs in an ADT message.
 *
 * @param localAuthority the assigning authority of the hospital's patient numbers in PID-3 (CX-4): matched against
 *        the namespace (HD-1) or the universal ID (HD-2), e.g. {@code HOSPITAL} or the issuer OID
 * @param bsnStatusField where the EPD puts the BSN status: {@code PID-32} (Identity Reliability Code, repeating) or a
 *        field of a Z-segment such as {@code ZPI-2}; every repetition's first component is read
 * @param verifiedCodes the codes in that field that mean "verified against the BSN register (SBV-Z)"
 * @param validatedCodes the codes that mean "validated: identified with an identity document"; a code may be in both
 *        lists, and the node's own spellings ({@code verified}, {@code validated}, {@code verified+validated}) are
 *        always understood
 */
public record AdtSettings(String localAuthority, FieldSpec bsnStatusField, Set<String> verifiedCodes,
                          Set<String> validatedCodes) {

    /** The BSN's assigning authority as Dutch HL7 v2 writes it (CX-4 HD-1), and its OID (HD-2). */
    public static final String BSN_NAMESPACE = "NLMINBIZA";

    public AdtSettings {
        if (localAuthority == null || localAuthority.isBlank()) {
            throw new IllegalArgumentException("the local assigning authority of PID-3 must be configured");
        }
        Objects.requireNonNull(bsnStatusField, "bsnStatusField");
        verifiedCodes = upper(verifiedCodes);
        validatedCodes = upper(validatedCodes);
    }

    public static AdtSettings of(String localAuthority) {
        return new AdtSettings(localAuthority, FieldSpec.parse("PID-32"), Set.of(), Set.of());
    }

    private static Set<String> upper(Set<String> codes) {
        return codes == null ? Set.of() : codes.stream().map(c -> c.strip().toUpperCase(Locale.ROOT))
                .filter(c -> !c.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** A segment and field number, written as HL7 writes it: {@code PID-32}, {@code ZPI-2}. */
    public record FieldSpec(String segment, int field) {
        public FieldSpec {
            if (segment == null || !segment.matches("[A-Z][A-Z0-9]{2}") || field < 1) {
                throw new IllegalArgumentException("a field is a segment name and number such as PID-32 or ZPI-2, not "
                        + segment + "-" + field);
            }
        }

        public static FieldSpec parse(String text) {
            String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
            int dash = t.indexOf('-');
            if (dash != 3 || !t.substring(4).matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' is not a field such as PID-32 or ZPI-2");
            }
            return new FieldSpec(t.substring(0, 3), Integer.parseInt(t.substring(4)));
        }

        @Override
        public String toString() {
            return segment + "-" + field;
        }
    }
}
