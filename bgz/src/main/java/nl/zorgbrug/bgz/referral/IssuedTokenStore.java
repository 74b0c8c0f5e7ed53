package nl.zorgbrug.bgz.referral;

import java.util.Optional;

/** The tokens issued with Notified Pull Tasks (table bgz_issued_token in the node), by the token's SHA-256. */
public interface IssuedTokenStore {
    void save(IssuedToken token);

    Optional<IssuedToken> byHash(String hash);

    Optional<IssuedToken> byTask(String taskId);

    /** The token no longer reads anything (the Task was not delivered, or the referral was withdrawn). */
    void revoke(String taskId);
}
