package nl.zorgbrug.bsn.identity;

import nl.zorgbrug.bsn.Bsn;

/**
 * One patient ID with its issuer as a header states it: (0010,0020) Patient ID, (0010,0021) Issuer of
 * Patient ID, (0010,0022) Type of Patient ID and the first item of (0010,0024) Issuer of Patient ID
 * Qualifiers Sequence, whose (0040,0032) Universal Entity ID and (0040,0033) Universal Entity ID Type
 * name the issuer the DICOM-standard way (PS3.3 C.7.1.1, Table 10-18 Issuer of Patient ID Macro).
 * Absent values are null. {@code index} is the item or value number within {@code source} (0 for the
 * Patient ID itself).
 */
public record PatientId(String id, String issuer, String type, String universalEntityId,
                        String universalEntityIdType, IdSource source, int index) {

    /** The BSN OID written as the ISO Universal Entity ID Type says (PS3.3 Table 10-18: "ISO" for an OID). */
    public static final String UNIVERSAL_ENTITY_ID_TYPE_ISO = "ISO";

    /** The issuer: (0010,0021) when given, else the qualifiers' Universal Entity ID; null when neither. */
    public String effectiveIssuer() {
        if (issuer != null && !issuer.isEmpty()) {
            return issuer;
        }
        return universalEntityId != null && !universalEntityId.isEmpty() ? universalEntityId : null;
    }

    /** Whether (0010,0021) names the BSN issuer. */
    public boolean issuerIsBsnOid() {
        return Bsn.ISSUER_OID.equals(issuer);
    }

    /** Whether the qualifiers name the BSN issuer: Universal Entity ID = the OID with type ISO. */
    public boolean qualifiersNameBsnOid() {
        return Bsn.ISSUER_OID.equals(universalEntityId) && UNIVERSAL_ENTITY_ID_TYPE_ISO.equals(universalEntityIdType);
    }

    /**
     * Whether this ID is issued by the BSN register: (0010,0021) is the BSN OID, or it is absent and the
     * qualifiers name the BSN OID with type ISO. Contradicting issuers (one says BSN, the other something
     * else) do not count: the issuer is what prevents patient mix-ups, so we never pick one.
     */
    public boolean issuedAsBsn() {
        boolean hasIssuer = issuer != null && !issuer.isEmpty();
        boolean hasQualifier = universalEntityId != null && !universalEntityId.isEmpty();
        if (hasIssuer && hasQualifier) {
            return issuerIsBsnOid() && qualifiersNameBsnOid();
        }
        return hasIssuer ? issuerIsBsnOid() : qualifiersNameBsnOid();
    }

    /** Whether any issuer is stated, in (0010,0021) or in the qualifiers. */
    public boolean hasIssuer() {
        return effectiveIssuer() != null;
    }

    /** Where this ID was found, as a tag path, e.g. "(0010,1002)[2]". */
    public String where() {
        return source == IdSource.PATIENT_ID ? source.tag() : source.tag() + "[" + (index + 1) + "]";
    }

    /** Same id and same issuer (effective issuers compared). */
    public boolean sameIdAs(String otherId, String otherIssuer) {
        return id != null && id.equals(otherId) && java.util.Objects.equals(effectiveIssuer(), otherIssuer);
    }

    @Override
    public String toString() {
        return where() + " " + Bsn.mask(id) + " issuer " + effectiveIssuer();
    }
}
