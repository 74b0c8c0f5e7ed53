package nl.zorgbrug.bgz.request;

/**
 * The other institution gave no token for this patient (its consent flow refused, or could not be asked): no query
 * was sent and nothing is received, so the request is refused as a whole, never shown as an empty BgZ. The refusal is
 * in the audit trail; the messages say why in Dutch and English.
 */
public final class AccessRefusedException extends RuntimeException {
    /** Why the token was not given. */
    public enum Reason {
        /**
         * The peer answered {@code invalid_scope}: the patient has not consented there to the BgZ for our organisation
         * (or the peer holds no BgZ of them: it gives one answer for both).
         */
        NO_CONSENT,
        /** The peer did not accept our organisation credential, or does not know our organisation. */
        NOT_AUTHORISED,
        /** No answer, or an answer that is no token and no OAuth error. */
        NO_ANSWER
    }

    private final Reason reason;
    private final String peer;
    private final String messageNl;

    public AccessRefusedException(Reason reason, String peer, String detail) {
        super(english(reason, peer) + (detail == null ? "" : " (" + detail + ")"));
        this.reason = reason;
        this.peer = peer;
        this.messageNl = dutch(reason, peer);
    }

    public Reason reason() {
        return reason;
    }

    public String peer() {
        return peer;
    }

    /** Why, in Dutch, for the console. */
    public String messageNl() {
        return messageNl;
    }

    /** Why, in English, for the console (without the peer's technical detail). */
    public String messageEn() {
        return english(reason, peer);
    }

    private static String english(Reason reason, String peer) {
        return switch (reason) {
            case NO_CONSENT -> peer + " did not give access to this patient's BgZ: the patient has not consented "
                    + "there to making it available to this hospital (or " + peer + " holds no BgZ of them). Nothing "
                    + "was requested; the patient can record consent at " + peer + " or in Mitz.";
            case NOT_AUTHORISED -> peer + " did not accept this hospital's organisation credential for BgZ requests: "
                    + "nothing was requested. Check zorgbrug.bgz.peers[].credential with " + peer + ".";
            case NO_ANSWER -> peer + " gave no token for the BgZ request (its token endpoint did not answer as OAuth "
                    + "2.0 prescribes): nothing was requested. Try again later.";
        };
    }

    private static String dutch(Reason reason, String peer) {
        return switch (reason) {
            case NO_CONSENT -> peer + " gaf geen toegang tot de BgZ van deze patiënt: de patiënt heeft daar geen "
                    + "toestemming gegeven om die aan dit ziekenhuis beschikbaar te stellen (of " + peer + " heeft "
                    + "geen BgZ van deze patiënt). Er is niets opgevraagd; de patiënt kan toestemming vastleggen bij "
                    + peer + " of in Mitz.";
            case NOT_AUTHORISED -> peer + " accepteerde de toegangssleutel (credential) van dit ziekenhuis voor "
                    + "BgZ-verzoeken niet: er is niets opgevraagd. Controleer zorgbrug.bgz.peers[].credential met "
                    + peer + ".";
            case NO_ANSWER -> peer + " gaf geen token voor het BgZ-verzoek (het token-endpoint antwoordde niet "
                    + "zoals OAuth 2.0 voorschrijft): er is niets opgevraagd. Probeer het later opnieuw.";
        };
    }
}
