package nl.zorgbrug.gateway.addressbook;

import java.util.List;
import java.util.Optional;

/** The institutions we exchange with. A database table in the node; a map in tests. */
public interface AddressBook {
    List<Institution> all();

    Optional<Institution> find(String key);

    /** The institution whose DICOM AE title this is (for choosing a destination by called AE title). */
    Optional<Institution> byAeTitle(String aeTitle);

    /**
     * The institution whose entry binds this TLS certificate subject (RFC 2253), compared as distinguished names (case
     * and spacing of values normalised, as the association's certificate check compares them); empty when no entry
     * binds it, or the subject is not a distinguished name. For finding who sent an object when its AE title is not in
     * the book (issue 18: "institution from the address book, by AE title / certificate").
     */
    default Optional<Institution> byCertificateSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        javax.security.auth.x500.X500Principal presented;
        try {
            presented = new javax.security.auth.x500.X500Principal(subject);
        } catch (IllegalArgumentException notADistinguishedName) {
            return Optional.empty();
        }
        return all().stream().filter(i -> {
            String bound = i.certificateSubject();
            if (bound == null || bound.isBlank()) {
                return false;
            }
            try {
                return presented.equals(new javax.security.auth.x500.X500Principal(bound));
            } catch (IllegalArgumentException unreadable) {
                return false;
            }
        }).findFirst();
    }

    /** Adds or replaces; the entry must be valid. */
    void save(Institution institution);

    boolean remove(String key);

    /** Replaces the whole book (an import): every entry must be valid, else nothing changes. */
    void replaceAll(List<Institution> institutions);
}
