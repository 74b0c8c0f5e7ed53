package nl.zorgbrug.bsn.swap;

/**
 * The hospital's settings for the swaps. {@code localIssuer} is the Issuer of Patient ID of this
 * hospital's patient numbers (an OID); {@code modifyingSystem} goes into (0400,0563) Modifying System;
 * {@code institution} into (0400,0564) Source of Previous Values on export.
 */
public record SwapPolicy(String localIssuer, String modifyingSystem, String institution,
                         UnknownPatientPolicy unknownPatient) {

    public SwapPolicy {
        if (localIssuer == null || localIssuer.isBlank()) {
            throw new IllegalArgumentException("the swap needs the hospital's local issuer of patient IDs (an OID)");
        }
        if (localIssuer.length() > 64) {
            // It is written into (0010,0021) Issuer of Patient ID, a LO of at most 64 characters (PS3.5 6.2).
            throw new IllegalArgumentException("the local issuer '" + localIssuer + "' is longer than the 64 characters"
                    + " (0010,0021) Issuer of Patient ID can hold");
        }
        if (modifyingSystem == null || modifyingSystem.isBlank()) {
            modifyingSystem = "ZORGBRUG";
        }
        if (institution == null) {
            institution = localIssuer;
        }
        if (unknownPatient == null) {
            unknownPatient = UnknownPatientPolicy.QUARANTINE;
        }
    }

    public static SwapPolicy of(String localIssuer) {
        return new SwapPolicy(localIssuer, null, null, null);
    }

    public SwapPolicy withUnknownPatient(UnknownPatientPolicy policy) {
        return new SwapPolicy(localIssuer, modifyingSystem, institution, policy);
    }
}
