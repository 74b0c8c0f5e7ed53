package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.util.List;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.registry.consumer.DimseOwnPacs;
import nl.zorgbrug.registry.consumer.LocalStudy;
import nl.zorgbrug.registry.consumer.OwnPacs;

/**
 * The own PACS as the address book lists it ({@code zorgbrug.registry.consumer.pacs}), read on each query so a changed
 * entry counts at once; C-FIND with the gateway's calling AE title, over TLS when the entry says so.
 */
final class AddressBookPacs implements OwnPacs {
    private final AddressBook book;
    private final String key;
    private final String callingAeTitle;
    private final Connector plain;
    private final Connector secure;

    /** @param secure null when the node has no TLS configured */
    AddressBookPacs(AddressBook book, String key, String callingAeTitle, Connector plain, Connector secure) {
        this.book = book;
        this.key = key;
        this.callingAeTitle = callingAeTitle;
        this.plain = plain;
        this.secure = secure;
    }

    @Override
    public List<LocalStudy> studies(String patientId, String issuer) throws IOException {
        DicomEndpoint pacs = book.find(key).flatMap(i -> i.dicom()).orElseThrow(() -> new IOException("the address"
                + " book has no DICOM entry '" + key + "' for the own PACS (zorgbrug.registry.consumer.pacs)"));
        if (pacs.aeTitle() == null || pacs.host() == null || pacs.port() <= 0) {
            throw new IOException("the address-book entry '" + key + "' lacks the AE title, host or port of the own PACS");
        }
        if (pacs.tls() && secure == null) {
            throw new IOException("the own PACS '" + key + "' wants TLS and the node has no TLS configured"
                    + " (zorgbrug.gateway.tls)");
        }
        return new DimseOwnPacs(new RemoteAe(pacs.aeTitle(), pacs.host(), pacs.port(), callingAeTitle),
                pacs.tls() ? secure : plain).studies(patientId, issuer);
    }
}
