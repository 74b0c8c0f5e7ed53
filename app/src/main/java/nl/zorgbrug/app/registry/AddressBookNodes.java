package nl.zorgbrug.app.registry;

import java.io.IOException;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.MoveRetriever;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;

/**
 * A PACS to C-MOVE from, as the address book lists it: the entry's AE title, host and port, called with the gateway's
 * calling AE title, over TLS when the entry says so. Read on each retrieval, so an entry changed in the console counts
 * at once.
 */
final class AddressBookNodes {
    private final AddressBook book;
    private final String callingAeTitle;
    private final Connector plain;
    private final Connector secure;

    /** @param secure null when the node has no TLS configured */
    AddressBookNodes(AddressBook book, String callingAeTitle, Connector plain, Connector secure) {
        this.book = book;
        this.callingAeTitle = callingAeTitle;
        this.plain = plain;
        this.secure = secure;
    }

    /** @param setting the key that names the entry, for the message */
    MoveRetriever.Target node(String key, String setting) throws IOException {
        DicomEndpoint pacs = book.find(key).flatMap(i -> i.dicom()).orElseThrow(() -> new IOException("the address"
                + " book has no DICOM entry '" + key + "' (" + setting + "): add its AE title, host and port"));
        if (pacs.aeTitle() == null || pacs.aeTitle().isEmpty() || pacs.host() == null || pacs.port() <= 0) {
            throw new IOException("the address-book entry '" + key + "' (" + setting + ") lacks the AE title, host or"
                    + " port of the PACS to C-MOVE from");
        }
        if (pacs.tls() && secure == null) {
            throw new IOException("the address-book entry '" + key + "' wants TLS and the node has no TLS configured"
                    + " (zorgbrug.gateway.tls)");
        }
        return new MoveRetriever.Target(new RemoteAe(pacs.aeTitle(), pacs.host(), pacs.port(),
                callingAeTitle), pacs.tls() ? secure : plain);
    }
}
