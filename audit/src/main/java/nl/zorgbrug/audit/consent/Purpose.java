package nl.zorgbrug.audit.consent;

/**
 * What data is made available for (issue 17, "Consent"; the Mitz purposes of use). One categorical consent per
 * purpose covers all caregivers in its scope, as the radiologists' vision asks for images.
 */
public enum Purpose {
    /** The Basisgegevensset Zorg sent along with a referral (a push: the referral is the legal basis). */
    BGZ_ON_REFERRAL,
    /** The BgZ fetched by another caregiver (a pull: needs consent, Wabvpz art. 15a). */
    BGZ_ON_REQUEST,
    /** Images made findable and retrievable for others (the image index, XDS-I.b). */
    IMAGE_AVAILABILITY
}
