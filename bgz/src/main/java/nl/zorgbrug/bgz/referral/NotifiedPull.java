package nl.zorgbrug.bgz.referral;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;

/**
 * What a Notified Pull Task says (Nictiz/Twiin Notified Pull, BgZ on referral): the Task's identifier, the referral,
 * the patient, the sending and the receiving organisation (URA), the token the receiver pulls with and until when it
 * is valid, the queries it may run (the BgZ MSZ 2.0 queries, the patient left out: the token names it), and the
 * receiving department's specialism the referral is for (null: the institution as a whole).
 */
public record NotifiedPull(String taskId, String referral, Bsn patient, String senderUra, String senderName,
                           String receiverUra, String token, Instant expiresAt, List<String> queries,
                           Specialism specialism) {
    public NotifiedPull {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(senderUra, "senderUra");
        Objects.requireNonNull(receiverUra, "receiverUra");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        queries = List.copyOf(queries);
    }
}
