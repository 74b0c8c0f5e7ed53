package nl.zorgbrug.app.security;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people who logged in through the identity provider since the node started, by user id. The node has no list
 * of them (the provider has), yet a person's later actions are recorded by name alone (a job's retry by "j.jansen"
 * goes into the trail from the job's events): this is where the trail finds that name's role and organisation.
 */
public final class TokenUsers {
    private final ConcurrentHashMap<String, TokenClaims.TokenPerson> seen = new ConcurrentHashMap<>();

    void seen(TokenClaims.TokenPerson person) {
        seen.put(person.userId(), person);
    }

    public Optional<TokenClaims.TokenPerson> find(String userId) {
        return Optional.ofNullable(seen.get(userId));
    }
}
