package nl.zorgbrug.bsn.mpi;

import java.util.Locale;

/**
 * What the hospital has established about a patient's BSN, in the terms of the Wet aanvullende bepalingen
 * verwerking persoonsgegevens in de zorg (Wabvpz, art. 12 and 15a/15b) and the Wet gebruik burgerservicenummer in de
 * zorg (Wbsn-z, art. 12):
 * <ul>
 *   <li><b>verified</b> (geverifieerd): the BSN was checked against the BSN register through the SBV-Z — name, sex and
 *       date of birth belong to that number;</li>
 *   <li><b>validated</b> (gevalideerd): the patient was present and identified with a legal identity document
 *       (Wet op de identificatieplicht), so the BSN belongs to the person at the desk.</li>
 * </ul>
 * The two are separate facts and a status may carry both. Sharing data with another provider (export) needs a
 * validated BSN ({@link #permitsSharing()}); requesting and pulling data from another provider needs at least a
 * verified one ({@link #permitsPulling()}). A BSN received from another institution may be trusted as verified by
 * that institution, never as validated here.
 */
public enum BsnStatus {
    /** No BSN is known. */
    NONE(false, false, "none"),
    /** A BSN is known, but neither verified nor validated: it may be neither shared nor used to pull. */
    UNCHECKED(false, false, "unchecked"),
    /** Checked against the BSN register (SBV-Z); the identity document not (yet) seen. */
    VERIFIED(true, false, "verified"),
    /** Identified with a legal identity document; no answer of the BSN register recorded. */
    VALIDATED(false, true, "validated"),
    /** Both facts. */
    VERIFIED_AND_VALIDATED(true, true, "verified+validated");

    private final boolean verified;
    private final boolean validated;
    private final String csv;

    BsnStatus(boolean verified, boolean validated, String csv) {
        this.verified = verified;
        this.validated = validated;
        this.csv = csv;
    }

    /** The status that carries exactly these facts, for a known BSN. */
    public static BsnStatus of(boolean verified, boolean validated) {
        if (verified) {
            return validated ? VERIFIED_AND_VALIDATED : VERIFIED;
        }
        return validated ? VALIDATED : UNCHECKED;
    }

    /**
     * Parses the CSV spelling ("none", "unchecked", "verified", "validated", "verified+validated", also
     * "validated+verified"; case and spaces around the parts ignored; empty means none); null for anything else.
     */
    public static BsnStatus parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.equals("validated+verified")) {
            return VERIFIED_AND_VALIDATED;
        }
        if (t.isEmpty()) {
            return NONE;
        }
        for (BsnStatus s : values()) {
            if (s.csv.equals(t)) {
                return s;
            }
        }
        return null;
    }

    /** The spellings {@link #parse} accepts, for error messages. */
    public static String spellings() {
        StringBuilder b = new StringBuilder();
        for (BsnStatus s : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(s.csv);
        }
        return b.toString();
    }

    public String csv() {
        return csv;
    }

    /** Checked against the BSN register through the SBV-Z. */
    public boolean verified() {
        return verified;
    }

    /** Identified in person with a legal identity document. */
    public boolean validated() {
        return validated;
    }

    /** Wabvpz: only a validated BSN may be used to share data with another provider. */
    public boolean permitsSharing() {
        return validated;
    }

    /** Wabvpz: requesting or pulling data from another provider needs at least a verified BSN. */
    public boolean permitsPulling() {
        return verified;
    }

    /** This status with the register's confirmation added (an SBV-Z answer), keeping a validation. */
    public BsnStatus withVerified() {
        return of(true, validated);
    }

    /**
     * The status a receiving node may give a BSN that another institution sent: at most verified (trusted as
     * verified by the sender), never validated, whatever the sender claimed.
     */
    public static BsnStatus receivedFromAnotherInstitution() {
        return VERIFIED;
    }
}
