package nl.zorgbrug.registry.service;

import java.util.List;

import nl.zorgbrug.bsn.Bsn;

/**
 * What the registry tells its audit (NEN 7513; issue 20 part 5): every register and every query, accepted or not.
 * The node writes these into the audit trail; the BSN is passed whole here, never logged.
 */
public interface RegistryEvents {

    /**
     * An ITI-42 request was answered.
     *
     * @param bsn        the patient, or null when the request named no valid BSN
     * @param studyUids  the Study Instance UIDs in the entries' referenceIdList
     * @param outcome    STORED, RESENT (nothing stored again) or REJECTED
     * @param errorCodes the ITI TF-3 codes of a rejection
     */
    void registered(Bsn bsn, String submissionSetUniqueId, List<String> studyUids, Outcome outcome,
                    List<String> errorCodes);

    /** An ITI-18 request was answered: the stored query's name, the patient if known, the entries returned. */
    void queried(String queryName, Bsn bsn, int entriesReturned, Outcome outcome, List<String> errorCodes);

    /** NO_CONSENT: a query refused for want of the patient's consent (or of a consent service to ask). */
    enum Outcome { STORED, RESENT, ANSWERED, REJECTED, NO_CONSENT }

    RegistryEvents NONE = new RegistryEvents() {
        @Override
        public void registered(Bsn bsn, String submissionSetUniqueId, List<String> studyUids, Outcome outcome,
                               List<String> errorCodes) {
        }

        @Override
        public void queried(String queryName, Bsn bsn, int entriesReturned, Outcome outcome, List<String> errorCodes) {
        }
    };
}
