package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The quarantine worklist's storage, and the queries the console and REST API read it through. */
public interface QuarantineRepository {
    /** Records an OPEN entry; an object that is open already keeps its entry. */
    QuarantineItem add(QuarantineItem item);

    /** The open entries, by study and arrival. */
    List<QuarantineItem> open();

    /** How many entries are open (the status page). */
    long countOpen();

    List<QuarantineItem> byStudy(String studyInstanceUid);

    Optional<QuarantineItem> find(long id);

    /** Marks an entry REJECTED by a user, with the reason the user gave (the console asks for it). */
    void reject(long id, String user, Instant at, String why);

    /** Marks an entry LINKED by a user to the local patient number, which delivery then writes into the object. */
    void link(long id, String localId, String user, Instant at);

    /**
     * Gives an open entry the reason its route now gives (after the MPI changed), so the worklist says what is
     * wrong today, not what was wrong when the object arrived.
     */
    void refreshReason(long id, String reasonCode, String messageNl, String messageEn);

    /** The local patient number the object received on this route was linked to, if a person linked it. */
    Optional<String> linkedLocalId(String route, String sopInstanceUid);
}
