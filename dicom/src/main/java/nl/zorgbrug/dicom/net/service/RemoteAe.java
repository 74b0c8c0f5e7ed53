package nl.zorgbrug.dicom.net.service;

import java.util.Objects;

/**
 * A DICOM node this node calls: its AE title, host and port, and the AE title we call it with. The calling AE title
 * matters beyond the association: a PACS answers C-FIND, C-MOVE and C-GET only for AE titles it has been told of, and
 * a C-MOVE's destination must be one it knows by title, host and port (PS3.4 C.4.2.1.4).
 */
public record RemoteAe(String aeTitle, String host, int port, String callingAeTitle) {
    public RemoteAe {
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    }

    /** As messages name it: AE title at host and port. */
    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
