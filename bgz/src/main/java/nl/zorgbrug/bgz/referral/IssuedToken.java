package nl.zorgbrug.bgz.referral;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;

/**
 * A bearer token this node issued: with a Notified Pull Task (Sturend), it lets the receiving institution
 * ({@code receiverUra}) read the BgZ of one patient, only the resource types of the Task's queries, until
 * {@code expiresAt}, on the legal basis of the referral; by the consent flow ({@code referral} null, the token
 * endpoint of {@code bgz.token}), it lets the requesting institution read the BgZ of one patient who consented, and
 * every read asks consent again. Only the token's SHA-256 is kept ({@code hash}, hex): the token itself went to the
 * receiver in the Task or the token answer and is nowhere in the node.
 *
 * @param taskId   the Task's identifier (a UUID), also the record of what was sent; for a token of the consent flow
 *                 the issuance's own UUID, as its audit event names it
 * @param referral the referral a Notified Pull token was issued with; null for a token of the consent flow
 */
public record IssuedToken(String hash, String taskId, String referral, Bsn patient, String receiverUra,
                          String receiverName, String institutionType, Set<String> resourceTypes, Instant issuedAt,
                          Instant expiresAt, boolean revoked) {
    public IssuedToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(receiverUra, "receiverUra");
        Objects.requireNonNull(receiverName, "receiverName");
        Objects.requireNonNull(institutionType, "institutionType");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        resourceTypes = Set.copyOf(resourceTypes);
    }

    /** Whether it was issued by the consent flow (no referral: every read needs the patient's consent). */
    public boolean onConsent() {
        return referral == null;
    }

    public boolean validAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }
}
