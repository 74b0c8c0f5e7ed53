package nl.zorgbrug.registry.consumer;

/**
 * What the index said for a timeline; only {@link #COMPLETE} means the timeline holds every study the index knows.
 * Each other state is told as what it is: never as "no studies".
 */
public enum IndexState {
    /** The registry answered Success: every indexed study is on the timeline. */
    COMPLETE(true, "compleet", "complete"),
    /** The registry answered PartialSuccess: shown, but incomplete. */
    PARTIAL(false, "onvolledig: de index gaf een gedeeltelijk antwoord", "incomplete: the index answered in part"),
    /** No answer (down, broken connection, HTTP error, time-out). */
    UNREACHABLE(false, "index onbereikbaar, onvolledig", "index unreachable, incomplete"),
    /** The patient has no consent for image availability for this hospital, here or at the registry. */
    NO_CONSENT(false, "geen toestemming van de patiënt voor beeldbeschikbaarheid",
            "no consent of the patient for image availability"),
    /** The consent service (Mitz) could not be asked: not "no consent" either; ask again later. */
    CONSENT_UNAVAILABLE(false, "toestemming kon niet worden nagevraagd, onvolledig",
            "consent could not be checked, incomplete"),
    /** The patient's BSN may not be used to request (Wabvpz): nothing was sent. */
    NOT_PERMITTED(false, "niet opgevraagd: BSN niet bruikbaar", "not asked: BSN may not be used"),
    /** The registry answered Failure for another reason (its codes in the detail). */
    REFUSED(false, "de index weigerde de vraag, onvolledig", "the index refused the query, incomplete"),
    /** No registry is configured. */
    NOT_CONFIGURED(false, "geen index ingesteld", "no index configured");

    private final boolean complete;
    private final String nl;
    private final String en;

    IndexState(boolean complete, String nl, String en) {
        this.complete = complete;
        this.nl = nl;
        this.en = en;
    }

    public boolean complete() {
        return complete;
    }

    public String nl() {
        return nl;
    }

    public String en() {
        return en;
    }
}
