package nl.zorgbrug.gateway.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The outbox as a list, for tests and benchmarks: it survives a restart of the hub, not of the process. */
public final class InMemoryEventOutbox implements EventOutbox {
    private final java.util.TreeMap<Long, List<GatewayEvent>> events = new java.util.TreeMap<>();
    private final Map<String, Long> positions = new HashMap<>();
    private long last;

    @Override
    public synchronized long append(GatewayEvent event) {
        events.put(++last, List.of(event));
        return last;
    }

    @Override
    public synchronized long append(List<GatewayEvent> together) {
        events.put(++last, List.copyOf(together));
        return last;
    }

    @Override
    public synchronized List<Kept> after(long position, int limit) {
        List<Kept> kept = new ArrayList<>();
        int positions = 0;
        for (Map.Entry<Long, List<GatewayEvent>> e : events.tailMap(position, false).entrySet()) {
            if (positions++ == limit) {
                break;
            }
            for (GatewayEvent event : e.getValue()) {
                kept.add(new Kept(e.getKey(), event));
            }
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

    @Override
    public synchronized Map<String, Long> positions() {
        return Map.copyOf(positions);
    }

    @Override
    public synchronized int prune(long position, int limit) {
        int removed = 0;
        while (removed < limit && !events.isEmpty() && events.firstKey() <= position) {
            events.pollFirstEntry();
            removed++;
        }
        return removed;
    }

    /** How many events the outbox holds now. */
    public synchronized int size() {
        return events.values().stream().mapToInt(List::size).sum();
    }

    /** How many rows it holds: events kept together are one. */
    public synchronized int rows() {
        return events.size();
    }
}
