package nl.zorgbrug.bgz.receive;

/**
 * Why a BgZ came in (Nictiz, FO BgZ MSZ: the two use cases): the node asked for it (Raadplegend, a clinician's
 * request for the BgZ of an earlier treatment) or another institution made it available with a referral (Notified
 * Pull: its Task told us, we pulled).
 */
public enum Occasion {
    REQUEST,
    REFERRAL
}
