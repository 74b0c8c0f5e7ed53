package nl.zorgbrug.transport.link;

/** Where a download link is in its life. */
public enum LinkState {
    /** A person ordered it; the study has not been packed and mailed yet (it comes through the link route). */
    ORDERED,
    /** Mailed: the link and the code work until the date, or once. */
    ACTIVE,
    /** A once-link that was downloaded. */
    USED,
    /** A person revoked it. */
    REVOKED,
    /** Too many wrong codes: nobody can download it any more. */
    LOCKED,
    /** Past its date; its package is deleted. */
    EXPIRED;

    /** Whether the package may still be downloaded in this state. */
    public boolean downloadable() {
        return this == ACTIVE;
    }
}
