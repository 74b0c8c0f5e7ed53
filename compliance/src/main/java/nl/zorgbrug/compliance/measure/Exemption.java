package nl.zorgbrug.compliance.measure;

/**
 * Why a study is left out of the denominator (issue 18: "The BSN may rightly be missing only for newborns, foreigners
 * and some category-1 emergencies"). Each is shown apart, never mixed into the share.
 */
public enum Exemption {
    /** The classifier's EXEMPT_NEWBORN: at most 28 days old on the study date. */
    NEWBORN("pasgeborene", "newborn"),
    /** The classifier's EXEMPT_RULE: an issuer of temporary IDs or a name pattern of unidentified patients. */
    RULE("uitzonderingsregel", "exemption rule"),
    /** No BSN, and a foreign or temporary identifier: the MPI knows no BSN, or the issuer is a configured one. */
    FOREIGNER("buitenlander", "foreigner"),
    /** A category-1 emergency: an urgent route, or a person marked the job so with a reason. */
    EMERGENCY("categorie-1 spoed", "category-1 emergency"),
    /** A person exempted this single study with a reason. */
    PERSON("door persoon uitgezonderd", "exempted by a person");

    private final String dutch;
    private final String english;

    Exemption(String dutch, String english) {
        this.dutch = dutch;
        this.english = english;
    }

    public String label(boolean inDutch) {
        return inDutch ? dutch : english;
    }
}
