package nl.zorgbrug.transport.link;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where download links are kept: a database table in the node (app), a map in tests. */
public interface LinkStore {

    /** Saves a link; id 0 is new and gets an id. Returns it as saved. */
    DownloadLink save(DownloadLink link);

    /**
     * Saves {@code next} (an existing link) only while the stored link is still in state {@code expected}; returns
     * whether it did. The transport packs and activates an order while a person may revoke it: a plain save would
     * turn the revoked link active again, and mail it.
     */
    boolean saveIf(LinkState expected, DownloadLink next);

    Optional<DownloadLink> find(long id);

    /** The link whose token has this SHA-256 (hex). */
    Optional<DownloadLink> byTokenHash(String tokenHash);

    /** The orders of this study still waiting to be packed, oldest first. */
    List<DownloadLink> ordered(String studyInstanceUid);

    /** The newest links, newest first. */
    List<DownloadLink> recent(int limit);

    /**
     * Links whose package is to be deleted at {@code now}: still holding a package while no longer downloadable
     * (used, revoked, locked) or past their date; and orders past their date.
     */
    List<DownloadLink> toPurge(Instant now);
}
