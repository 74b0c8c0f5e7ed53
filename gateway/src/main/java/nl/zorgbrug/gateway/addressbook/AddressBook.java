package nl.zorgbrug.gateway.addressbook;

import java.util.List;
import java.util.Optional;

/** The institutions we exchange with. A database table in the node; a map in tests. */
public interface AddressBook {
    List<Institution> all();

    Optional<Institution> find(String key);

    /** The institution whose DICOM AE title this is (for choosing a destination by called AE title). */
    Optional<Institution> byAeTitle(String aeTitle);

    /** Adds or replaces; the entry must be valid. */
    void save(Institution institution);

    boolean remove(String key);

    /** Replaces the whole book (an import): every entry must be valid, else nothing changes. */
    void replaceAll(List<Institution> institutions);
}
