package nl.zorgbrug.audit.consent;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

/**
 * The built-in consent register's storage: consents and shieldings per patient (in the node V17; in tests memory).
 * Nothing is deleted: a withdrawal is recorded on the record.
 */
public interface ConsentStore {

    void save(ConsentRecord consent);

    void save(Shielding shielding);

    Optional<ConsentRecord> consent(String id);

    Optional<Shielding> shielding(String id);

    /** The patient's consents, oldest recording first. */
    List<ConsentRecord> consents(Bsn patient);

    /** The patient's shieldings, oldest recording first. */
    List<Shielding> shieldings(Bsn patient);
}
