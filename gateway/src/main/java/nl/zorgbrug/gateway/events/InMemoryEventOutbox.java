package nl.zorgbrug.gateway.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outbox as a list, for tests and benchmarks: it survives a restart of the hub, not of the process. */
public final class InMemoryEventOutbox implements EventOutbox {
    private final List<GatewayEvent> events = new ArrayList<>();
    private final Map<String, Long> positions = new HashMap<>();

    @Override
    public synchronized long append(GatewayEvent event) {
        events.add(event);
        return events.size();
    }

    @Override
    public synchronized List<Kept> after(long position, int limit) {
        List<Kept> kept = new ArrayList<>();
        for (long p = position + 1; p <= events.size() && kept.size() < limit; p++) {
            kept.add(new Kept(p, events.get((int) p - 1)));
        }
        return kept;
    }

    @Override
    public synchronized long position(String subscriber) {
        return positions.getOrDefault(subscriber, 0L);
    }

    @Override
    public synchronized void advance(String subscriber, long position) {
        positions.put(subscriber, position);
    }
}
