package nl.zorgbrug.registry.source;

import nl.zorgbrug.bsn.Bsn;

/**
 * What the source side tells its audit (NEN 7513; issue 20 part 5): each register of a study's KOS with the registry,
 * registered or refused, and each KOS served by ITI-43. An attempt that reached nobody moved no patient data; the job's
 * history shows it.
 */
public interface SourceEvents {

    /** REGISTERED: the registry answered Success; REFUSED: it answered Failure (the job is HELD with the reason). */
    enum Outcome { REGISTERED, REFUSED }

    /**
     * @param bsn    the patient the KOS was registered for
     * @param detail in words: the registry, the KOS, the codes of a refusal
     */
    void registered(Bsn bsn, String studyInstanceUid, String documentUniqueId, long jobId, String registry,
                    Outcome outcome, String detail);

    /**
     * An ITI-43 request asked for a kept KOS: served, or refused for want of consent (the consent service wrote its
     * decision itself).
     *
     * @param served whether the KOS was given out
     */
    default void retrieved(Bsn bsn, String studyInstanceUid, String documentUniqueId, boolean served, String detail) {
    }

    /**
     * These events bound to the caller of the request now being answered, for a record written later, possibly on
     * another thread (a streamed RAD-69 or WADO-RS answer is recorded when it ends). Events that do not depend on the
     * caller's thread are their own binding.
     */
    default SourceEvents forCaller() {
        return this;
    }

    SourceEvents NONE = (bsn, study, uid, job, registry, outcome, detail) -> { };
}
