package nl.zorgbrug.transport.link;

/**
 * What happens to download links, for the audit trail (NEN 7513: the study leaves the hospital and is fetched by
 * someone outside it). The node writes each into its trail (app); a test may count them.
 */
public interface LinkEvents {

    /** A person ordered a link. */
    void ordered(DownloadLink link);

    /** The package was stored and the link and code mailed. */
    void mailed(DownloadLink link);

    /** The recipient downloaded the package (with the right code), from this address. */
    void downloaded(DownloadLink link, String from);

    /** A download was refused: an unknown, used, revoked, expired or locked link, or a wrong code. */
    void refused(DownloadLink link, String from, String why);

    /** A person revoked the link. */
    void revoked(DownloadLink link, String user);

    static LinkEvents none() {
        return new LinkEvents() {
            @Override
            public void ordered(DownloadLink link) {
            }

            @Override
            public void mailed(DownloadLink link) {
            }

            @Override
            public void downloaded(DownloadLink link, String from) {
            }

            @Override
            public void refused(DownloadLink link, String from, String why) {
            }

            @Override
            public void revoked(DownloadLink link, String user) {
            }
        };
    }
}
