package nl.zorgbrug.bsn.mpi;

/**
 * How far the hospital has checked a patient's BSN (Wet gebruik burgerservicenummer in de zorg, Wbsn-z):
 * VALIDATED — checked against the BSN register (SBV-Z), the only status under which a BSN may be
 * shared (Wabvpz); VERIFIED — the identity document was checked but the BSN not yet against the register;
 * NONE — no BSN known.
 */
public enum BsnStatus {
    VALIDATED, VERIFIED, NONE;

    /** Parses the CSV spelling ("validated", "verified", "none"); null for anything else. */
    public static BsnStatus parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "validated": return VALIDATED;
            case "verified": return VERIFIED;
            case "none": case "": return NONE;
            default: return null;
        }
    }

    public String csv() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
