package nl.zorgbrug.compliance.pacs;

/** The PACS to scan and the AE title we call it with (which the PACS must know to answer C-FIND and C-GET). */
public record PacsAddress(String aeTitle, String host, int port, String callingAeTitle) {
    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
