package nl.zorgbrug.transport.link;

import java.util.List;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.ChannelAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * The node's address book with one entry more: the download link's destination ({@link LinkEndpoint}), which the link
 * route names. It is no institution anyone keeps, so it is not stored nor listed ({@link #all} is the stored book):
 * {@link #find} always has it, and an entry of the same key is refused (it would be shadowed by the channel).
 */
public final class LinkAddressBook extends ChannelAddressBook {

    /** @param key the link route's destination, {@code zorgbrug.transport.link.destination} (default "link") */
    public LinkAddressBook(AddressBook stored, String key) {
        super(stored, new Institution(key, "Downloadlink (DICOM e-mail)", null, null, null, List.of(new LinkEndpoint()),
                null, null), "zorgbrug.transport.link.destination");
    }

    /** The link's destination, for checks that every route's destination exists. */
    public Institution link() {
        return channel();
    }
}
