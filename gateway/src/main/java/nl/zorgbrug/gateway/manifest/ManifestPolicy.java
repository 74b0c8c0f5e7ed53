package nl.zorgbrug.gateway.manifest;

/**
 * When an export route sends the study manifest (a Key Object Selection Document, see {@link ManifestBuilder})
 * after the study's instances. WITH_REMARK is the default: a receiver that is not a Zorgbrug node would
 * otherwise get an extra series with every study, and it only carries news when a person wrote something.
 */
public enum ManifestPolicy {
    /** After every study: also the announced list of instances for a Zorgbrug receiver's completeness check. */
    ALWAYS,
    /** Only when the sender gave a remark or a referral reason (console, API). */
    WITH_REMARK,
    /** Never. */
    NEVER;

    /** Whether a job with this remark and referral reason gets a manifest. */
    public boolean wants(String remark, String referralReason) {
        return switch (this) {
            case ALWAYS -> true;
            case WITH_REMARK -> !StudyManifest.blank(remark) || !StudyManifest.blank(referralReason);
            case NEVER -> false;
        };
    }
}
