package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The quarantine worklist's storage. */
public interface QuarantineRepository {
    QuarantineItem add(QuarantineItem item);

    List<QuarantineItem> open();

    List<QuarantineItem> byStudy(String studyInstanceUid);

    Optional<QuarantineItem> find(long id);

    /** Marks an item LINKED or REJECTED by a user. */
    void decide(long id, String state, String user, Instant at);
}
