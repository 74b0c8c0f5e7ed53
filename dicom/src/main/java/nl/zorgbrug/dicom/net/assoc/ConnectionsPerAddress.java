package nl.zorgbrug.dicom.net.assoc;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many connections each remote address holds on an {@link Acceptor}, so that one address cannot fill
 * every association slot with idle connections (each waits the whole ARTIM time for its A-ASSOCIATE-RQ,
 * PS3.8 9.1.5) and keep every other sender out. Refusals are logged at most once a minute per address.
 */
final class ConnectionsPerAddress {
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final int limit;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private final Map<InetAddress, Long> lastLogged = new HashMap<>();
    private final Map<InetAddress, Integer> refusedSinceLog = new HashMap<>();

    /** @param limit connections one address may hold at once, idle ones and those in the handshake included */
    ConnectionsPerAddress(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("connections per remote address must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** Counts a new connection from {@code address}; false (and nothing counted) when it already holds the limit. */
    synchronized boolean tryOpen(InetAddress address) {
        int n = open.getOrDefault(address, 0);
        if (n >= limit) {
            refusedSinceLog.merge(address, 1, Integer::sum);
            return false;
        }
        open.put(address, n + 1);
        return true;
    }

    synchronized void closed(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * The connections refused from {@code address} since it was last logged, when a minute has passed since
     * then (or it never was); 0 when it is not time to log, so a flood writes one line a minute, not one per socket.
     */
    synchronized int refusalsToLog(InetAddress address, long nanoTime) {
        Long last = lastLogged.get(address);
        if (last != null && nanoTime - last < LOG_INTERVAL_NANOS) {
            return 0;
        }
        lastLogged.values().removeIf(t -> nanoTime - t >= LOG_INTERVAL_NANOS);
        lastLogged.put(address, nanoTime);
        Integer refused = refusedSinceLog.remove(address);
        return refused == null ? 0 : refused;
    }
}
