package nl.zorgbrug.bgz.access;

import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/**
 * A bearer token and what it allows (issue 19, "Access only with a bearer token bound to one patient and one
 * requesting organisation"): reading the BgZ of {@code patient} for the organisation {@code requester} (URA, with its
 * Vektis institution type for the consent question), and/or feeding the store ({@code feed}, the EPD's token, as
 * the TestScripts' _LoadResources use it). A token may be for feeding only; then it names no patient.
 *
 * <p>{@code notifier}: the institution {@code requester} may post Notified Pull Tasks with it (a referral to us).
 * {@code referral}: the token was issued with a Notified Pull Task for this referral (Sturend): the referral is the
 * legal basis of what it reads (Wabvpz: a push on referral needs no consent; shielding still holds), and it reads only
 * {@code resourceTypes}, the types of the Task's queries (empty: every type).
 *
 * <p>{@code requestsTokens}: the token is the organisation credential of the institution {@code requester} for the
 * consent flow's token endpoint ({@code bgz.token}, OAuth 2.0 client credentials, RFC 6749 §4.4): it reads nothing
 * itself, it only asks for a token bound to one patient, which the node issues when that patient consented.
 */
public record AccessToken(String token, Bsn patient, Ura requester, String institutionType, boolean feed,
                          boolean notifier, String referral, Set<String> resourceTypes, boolean requestsTokens) {
    public AccessToken {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("a BgZ access token is empty: give each token a value");
        }
        if (patient == null && !feed && !notifier && !requestsTokens) {
            throw new IllegalArgumentException("BgZ token ending " + tail(token)
                    + " names no patient and may neither feed, notify nor request tokens: give it a patient BSN,"
                    + " feed=true, notifier=true or requester=true");
        }
        if (requestsTokens && patient != null) {
            throw new IllegalArgumentException("BgZ token ending " + tail(token) + " is an organisation credential "
                    + "for the token endpoint (requester=true) and names a patient: a credential reads nobody, it "
                    + "asks for a token per patient; leave out its BSN");
        }
        if (patient != null) {
            Objects.requireNonNull(requester, "the requesting organisation (URA) of a read token");
            Objects.requireNonNull(institutionType, "institution type of the requesting organisation");
        }
        if (notifier) {
            Objects.requireNonNull(requester, "the organisation (URA) that may post Tasks with a notify token");
        }
        if (requestsTokens) {
            Objects.requireNonNull(requester, "the organisation (URA) an organisation credential was issued to");
            Objects.requireNonNull(institutionType, "institution type of the organisation of a credential");
        }
        resourceTypes = resourceTypes == null ? Set.of() : Set.copyOf(resourceTypes);
    }

    /** A configured token: reads one patient and/or feeds; no Tasks, every type. */
    public AccessToken(String token, Bsn patient, Ura requester, String institutionType, boolean feed) {
        this(token, patient, requester, institutionType, feed, false, null, Set.of(), false);
    }

    /** A token that is no organisation credential. */
    public AccessToken(String token, Bsn patient, Ura requester, String institutionType, boolean feed,
                       boolean notifier, String referral, Set<String> resourceTypes) {
        this(token, patient, requester, institutionType, feed, notifier, referral, resourceTypes, false);
    }

    /** An organisation credential for the consent flow's token endpoint, issued to {@code organisation}. */
    public static AccessToken credential(String token, Ura organisation, String institutionType) {
        return new AccessToken(token, null, organisation, institutionType, false, false, null, Set.of(), true);
    }

    /** Whether this token may read resources of {@code type} (a Notified Pull token reads only its Task's types). */
    public boolean reads(String type) {
        return resourceTypes.isEmpty() || resourceTypes.contains(type);
    }

    public boolean mayRead() {
        return patient != null;
    }

    /** The last four characters, to name a token in a message without giving it away. */
    public static String tail(String token) {
        return token.length() <= 4 ? "****" : "…" + token.substring(token.length() - 4);
    }
}
