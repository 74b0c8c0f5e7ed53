package nl.zorgbrug.bgz.access;

import java.util.Objects;

import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/**
 * A bearer token and what it allows (issue 19, "Access only with a bearer token bound to one patient and one
 * requesting organisation"): reading the BgZ of {@code patient} for the organisation {@code requester} (URA, with its
 * Vektis institution type for the consent question), and/or feeding the store ({@code feed}, the EPD's token, as
 * the TestScripts' _LoadResources use it). A token may be for feeding only; then it names no patient.
 */
public record AccessToken(String token, Bsn patient, Ura requester, String institutionType, boolean feed) {
    public AccessToken {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a BgZ access token is empty: give each token a value");
        }
        if (patient == null && !feed) {
            throw new IllegalArgumentException("BgZ token ending " + tail(token)
                    + " names no patient and may not feed: give it a patient BSN or feed=true");
        }
        if (patient != null) {
            Objects.requireNonNull(requester, "the requesting organisation (URA) of a read token");
            Objects.requireNonNull(institutionType, "institution type of the requesting organisation");
        }
    }

    public boolean mayRead() {
        return patient != null;
    }

    /** The last four characters, to name a token in a message without giving it away. */
    public static String tail(String token) {
        return token.length() <= 4 ? "****" : "…" + token.substring(token.length() - 4);
    }
}
