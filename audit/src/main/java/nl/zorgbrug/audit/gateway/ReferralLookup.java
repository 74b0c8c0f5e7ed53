package nl.zorgbrug.audit.gateway;

import java.time.Instant;
import java.util.Optional;

import nl.zorgbrug.audit.event.LegalBasis;

/**
 * The referral a job goes out on (issue 17, "Enforcement": a push on referral records the referral as its legal
 * basis; Wabvpz art. 15a). The gateway's events carry no referral (they are kept in the outbox, values of the job's
 * life only); the referral stays in the job, so the audit trail asks the job's record, as it asks it for the patient
 * ({@link PatientLookup}). In the node: the job's referral reason (the send form's, the study manifest's) and the
 * latest person's send in the job's history.
 */
@FunctionalInterface
public interface ReferralLookup {

    /** The job's referral as it is when asked; empty when the job is not known (any more). */
    Optional<JobReferral> forJob(long jobId);

    /** For a node or test that keeps no referrals: every push is told as one without a referral given. */
    static ReferralLookup none() {
        return jobId -> Optional.empty();
    }

    /**
     * A job's referral.
     *
     * @param reason the sender's referral reason (free text from the send form or the study manifest); null when none
     *               was given, as on an automatic export route
     * @param sentBy the user who sent the study through the send form (the latest such send); null when no person did
     * @param sentAt when that person sent it; null with {@code sentBy}
     */
    record JobReferral(String reason, String sentBy, Instant sentAt) {
        public JobReferral {
            reason = reason == null || reason.isBlank() ? null : reason.strip();
            if (sentBy != null && sentBy.isBlank()) {
                sentBy = null;
            }
            if (sentBy == null) {
                sentAt = null;
            }
        }

        /** Neither a referral reason nor a person's send: an automatic export. */
        public static final JobReferral NONE = new JobReferral(null, null, null);

        /**
         * The legal basis of a push {@code via} a route ("route export-umcx") on this referral: one reference text,
         * as {@link LegalBasis.Referral} holds one (its form is kept in the hash chain, so it stays a single text):
         * {@code <via>; referral: <reason>[; sent by <user> at <UTC time>]}, or, without a reason, {@code <via>, no
         * referral given[; sent by ...]}: the trail says so rather than inventing a referral.
         */
        public LegalBasis.Referral basis(String via) {
            StringBuilder ref = new StringBuilder(via);
            ref.append(reason == null ? ", no referral given" : "; referral: " + reason);
            if (sentBy != null) {
                ref.append("; sent by ").append(sentBy);
                if (sentAt != null) {
                    ref.append(" at ").append(sentAt);
                }
            }
            return new LegalBasis.Referral(ref.toString());
        }
    }
}
