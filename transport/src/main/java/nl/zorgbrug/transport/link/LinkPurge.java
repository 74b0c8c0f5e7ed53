package nl.zorgbrug.transport.link;

import java.time.Instant;

/** When a link's package goes (issue 21: "expired packages are deleted"). */
final class LinkPurge {
    private LinkPurge() {
    }

    /**
     * Due when the link still holds a package it can no longer give (used, revoked, locked), or when its date has
     * passed while it was active or still ordered.
     */
    static boolean due(DownloadLink link, Instant now) {
        boolean stale = link.packageFile() != null && !link.state().downloadable();
        boolean expired = (link.state() == LinkState.ACTIVE || link.state() == LinkState.ORDERED) && link.expiredAt(now);
        return stale || expired;
    }
}
