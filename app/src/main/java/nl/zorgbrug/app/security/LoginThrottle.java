package nl.zorgbrug.app.security;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per user name and per remote address; after too many, logins of that name or from
 * that address are refused until the lock-out has passed since the last failure, so passwords cannot be guessed
 * at speed (issue 15; NEN 7510 / BIO 9.4.2: a secure log-on procedure limits unsuccessful attempts).
 * A successful login clears its user name's count; an address's count clears only when its lock-out passes,
 * so one known password cannot be used to keep guessing others from the same place.
 */
public final class LoginThrottle {
    /** Above this many remembered names or addresses, those whose lock-out has passed are forgotten. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Failures(int count, Instant last) {
    }

    /** A failure as counted: how many of the allowed, for the log line. */
    public record Counted(int userFailures, int maxUserFailures, int addressFailures, int maxAddressFailures) {
    }

    private final LoginProperties settings;
    private final Clock clock;
    private final Map<String, Failures> byUser = new HashMap<>();
    private final Map<String, Failures> byAddress = new HashMap<>();

    public LoginThrottle(LoginProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Until when logins of {@code user} or from {@code address} are refused; empty when they are not. */
    public synchronized Optional<Instant> lockedUntil(String user, String address) {
        Instant now = clock.instant();
        Optional<Instant> u = lockedUntil(byUser.get(user), settings.maxFailures(), now);
        Optional<Instant> a = lockedUntil(byAddress.get(address), settings.maxFailuresPerAddress(), now);
        return u.isPresent() && a.isPresent() ? Optional.of(u.get().isAfter(a.get()) ? u.get() : a.get())
                : u.isPresent() ? u : a;
    }

    private Optional<Instant> lockedUntil(Failures f, int max, Instant now) {
        if (f == null || f.count() < max) {
            return Optional.empty();
        }
        Instant until = f.last().plus(settings.lockOut());
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public synchronized Counted failed(String user, String address) {
        Instant now = clock.instant();
        int u = count(byUser, user, now);
        int a = count(byAddress, address, now);
        return new Counted(u, settings.maxFailures(), a, settings.maxFailuresPerAddress());
    }

    public synchronized void succeeded(String user) {
        byUser.remove(user);
    }

    private int count(Map<String, Failures> map, String key, Instant now) {
        if (map.size() > PRUNE_ABOVE) {
            map.values().removeIf(f -> expired(f, now));
        }
        Failures before = map.get(key);
        int n = before == null || expired(before, now) ? 1 : before.count() + 1;
        map.put(key, new Failures(n, now));
        return n;
    }

    private boolean expired(Failures f, Instant now) {
        return !now.isBefore(f.last().plus(settings.lockOut()));
    }
}
