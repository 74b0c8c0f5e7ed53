package nl.zorgbrug.bsn.sbvz;

import nl.zorgbrug.bsn.mpi.SbvzVerification;

/**
 * The node's question to the BSN register through the SBV-Z (Sectorale Berichten Voorziening in de Zorg): does this
 * BSN belong to a person with this name, sex and date of birth? The real connection runs through the hospital's
 * integration layer (UZI server certificate, the SBV-Z "verificatie" query); the node only defines the question.
 * {@link FakeSbvz} answers locally for tests and trials.
 */
public interface SbvzPort {

    /**
     * The register's answer.
     *
     * @throws SbvzUnavailableException when no answer came (connection, time-out, refusal): the caller records
     *         nothing, since "no answer" is not an answer
     */
    SbvzVerification.Answer verify(SbvzQuestion question);
}
