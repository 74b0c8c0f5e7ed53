package nl.zorgbrug.bgz.referral;

/**
 * The BgZ may not be sent for this patient: sharing with another provider needs a validated BSN (Wabvpz; the patient
 * identified with a legal identity document) and no identity conflict. Nothing was sent; the refusal is in the audit
 * trail. {@code messageNl} is for the console.
 */
public final class ShareRefusedException extends RuntimeException {
    private final String messageNl;

    ShareRefusedException(String messageNl, String messageEn) {
        super("the BgZ is not sent: " + messageEn);
        this.messageNl = messageNl;
    }

    public String messageNl() {
        return messageNl;
    }
}
