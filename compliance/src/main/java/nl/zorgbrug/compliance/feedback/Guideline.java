package nl.zorgbrug.compliance.feedback;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * What was wrong with an object and what the Nictiz guideline "BSN in DICOM" asks instead, in Dutch, for the sending
 * institution's PACS or modality administrator. The guideline: the BSN in (0010,0020) Patient ID, with the BSN's
 * OID 2.16.840.1.113883.2.4.6.3 in (0010,0021) Issuer of Patient ID and/or in (0010,0024) Issuer of Patient ID
 * Qualifiers Sequence > Universal Entity ID with Universal Entity ID Type "ISO".
 */
public final class Guideline {
    static final String ASKS = "De richtlijn vraagt: het BSN in (0010,0020) Patient ID, met als uitgever het OID van het"
            + " BSN, 2.16.840.1.113883.2.4.6.3, in (0010,0021) Issuer of Patient ID en/of in (0010,0024) Issuer of"
            + " Patient ID Qualifiers Sequence > (0040,0032) Universal Entity ID met (0040,0033) Universal Entity ID"
            + " Type \"ISO\". Het eigen patiëntnummer van uw instelling hoort dan in (0010,1002) Other Patient IDs"
            + " Sequence, met uw eigen uitgever.";

    private Guideline() {
    }

    /** What was wrong, in a Dutch sentence. */
    public static String wrong(Verdict v) {
        return switch (v) {
            case CORRECT -> "correct: het BSN staat op de juiste plaats";
            case BSN_ONLY_IN_OTHER_IDS_SEQUENCE -> "het BSN stond alleen in (0010,1002) Other Patient IDs Sequence,"
                    + " niet in (0010,0020) Patient ID";
            case BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS -> "het BSN stond alleen in het vervallen (0010,1000) Other"
                    + " Patient IDs, zonder uitgever";
            case BSN_WITHOUT_ISSUER -> "een BSN in (0010,0020) Patient ID zonder uitgever: (0010,0021) en (0010,0024)"
                    + " ontbraken";
            case WRONG_ISSUER -> "een BSN met een andere uitgever dan het OID van het BSN";
            case INVALID_BSN -> "als BSN aangeduid, maar geen geldig BSN (negen cijfers die de elfproef doorstaan)";
            case NO_BSN -> "geen BSN in (0010,0020), (0010,1002) of (0010,1000)";
            case EXEMPT_NEWBORN -> "geen BSN; pasgeborene (uitgezonderd)";
            case EXEMPT_RULE -> "geen BSN; valt onder een uitzonderingsregel";
        };
    }

    /** The guideline's ask, in Dutch, as every digest closes with it. */
    public static String asks() {
        return ASKS;
    }
}
