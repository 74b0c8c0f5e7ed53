package nl.zorgbrug.transport.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * The node's address book with one entry more: the download link's destination ({@link LinkEndpoint}), which the link
 * route names. It is no institution anyone keeps, so it is not stored nor listed ({@link #all} is the stored book):
 * {@link #find} always has it, and an entry of the same key is refused (it would be shadowed by the channel).
 */
public final class LinkAddressBook implements AddressBook {
    private final AddressBook stored;
    private final Institution link;

    /** @param key the link route's destination, {@code zorgbrug.transport.link.destination} (default "link") */
    public LinkAddressBook(AddressBook stored, String key) {
        this.stored = stored;
        this.link = new Institution(key, "Downloadlink (DICOM e-mail)", null, null, null, List.of(new LinkEndpoint()),
                null, null);
    }

    public String key() {
        return link.key();
    }

    /** The stored entries: the link's destination is a channel, not an entry to list, export or import. */
    @Override
    public List<Institution> all() {
        return stored.all();
    }

    /** The link's destination, for checks that every route's destination exists. */
    public Institution link() {
        return link;
    }

    @Override
    public Optional<Institution> find(String key) {
        return link.key().equals(key) ? Optional.of(link) : stored.find(key);
    }

    @Override
    public Optional<Institution> byAeTitle(String aeTitle) {
        return stored.byAeTitle(aeTitle);
    }

    @Override
    public void save(Institution institution) {
        refuseOwnKey(institution.key());
        stored.save(institution);
    }

    @Override
    public boolean remove(String key) {
        refuseOwnKey(key);
        return stored.remove(key);
    }

    @Override
    public void replaceAll(List<Institution> institutions) {
        institutions.forEach(i -> refuseOwnKey(i.key()));
        stored.replaceAll(new ArrayList<>(institutions));
    }

    private void refuseOwnKey(String key) {
        if (link.key().equals(key)) {
            throw new IllegalArgumentException("key '" + key + "' is the download link's destination"
                    + " (zorgbrug.transport.link.destination), not an institution; choose another key");
        }
    }
}
