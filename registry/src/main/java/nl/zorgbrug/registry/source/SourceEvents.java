package nl.zorgbrug.registry.source;

import nl.zorgbrug.bsn.Bsn;

/**
 * What the source side tells its audit (NEN 7513; issue 20 part 5): each register of a study's KOS with the registry,
 * registered or refused. An attempt that reached nobody moved no patient data; the job's history shows it.
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

    SourceEvents NONE = (bsn, study, uid, job, registry, outcome, detail) -> { };
}
