package nl.zorgbrug.bgz.receive;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import nl.zorgbrug.bsn.Bsn;

/** Where received BgZs are kept, apart from the own record (tables bgz_received and bgz_received_query in the node). */
public interface ReceivedBgzStore {
    void save(ReceivedBgz received);

    Optional<ReceivedBgz> find(UUID id);

    /** The most recent first, at most {@code limit}. */
    List<ReceivedBgz.Summary> recent(int limit);

    /** A patient's received BgZs, the most recent first. */
    List<ReceivedBgz.Summary> forPatient(Bsn patient);

    /** How many the department has not yet opened: the console's notice. */
    int unseen();

    /** The department opened it ({@code user} at {@code at}); the first opening counts. */
    void markSeen(UUID id, String user, java.time.Instant at);
}
