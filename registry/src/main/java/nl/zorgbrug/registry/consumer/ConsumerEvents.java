package nl.zorgbrug.registry.consumer;

import nl.zorgbrug.bsn.Bsn;

/**
 * What the consumer role tells its audit (NEN 7513; issue 20 part 5): each ITI-18 query for a patient by a person,
 * answered, refused or not sent (consent, Wabvpz), with what came back. The consent service writes its own decision.
 */
@FunctionalInterface
public interface ConsumerEvents {

    /**
     * @param bsn     the patient asked for (null when the patient has none: nothing was sent)
     * @param user    who asked
     * @param state   the outcome
     * @param entries how many DocumentEntries the index returned
     * @param detail  in words, without the BSN
     */
    void queried(Bsn bsn, String user, IndexState state, int entries, String detail);

    ConsumerEvents NONE = (bsn, user, state, entries, detail) -> { };
}
