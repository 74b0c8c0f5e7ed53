package nl.zorgbrug.bgz.referral;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Issued tokens in memory (tests). */
public final class InMemoryIssuedTokenStore implements IssuedTokenStore {
    private final Map<String, IssuedToken> byHash = new ConcurrentHashMap<>();

    @Override
    public void save(IssuedToken token) {
        byHash.put(token.hash(), token);
    }

    @Override
    public Optional<IssuedToken> byHash(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public Optional<IssuedToken> byTask(String taskId) {
        return byHash.values().stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }

    /** How many tokens were issued (revoked ones included). */
    public int size() {
        return byHash.size();
    }

    @Override
    public void revoke(String taskId) {
        byTask(taskId).ifPresent(t -> byHash.put(t.hash(), new IssuedToken(t.hash(), t.taskId(), t.referral(),
                t.patient(), t.receiverUra(), t.receiverName(), t.institutionType(), t.resourceTypes(), t.issuedAt(),
                t.expiresAt(), true)));
    }
}
