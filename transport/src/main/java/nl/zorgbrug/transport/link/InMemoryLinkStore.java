package nl.zorgbrug.transport.link;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Links in a map: for tests and for a node without a database. */
public final class InMemoryLinkStore implements LinkStore {
    private final Map<Long, DownloadLink> links = new LinkedHashMap<>();
    private long next = 1;

    @Override
    public synchronized DownloadLink save(DownloadLink link) {
        DownloadLink saved = link.id() == 0 ? link.withId(next++) : link;
        links.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized boolean saveIf(LinkState expected, DownloadLink next) {
        DownloadLink now = links.get(next.id());
        if (now == null || now.state() != expected) {
            return false;
        }
        links.put(next.id(), next);
        return true;
    }

    @Override
    public synchronized Optional<DownloadLink> find(long id) {
        return Optional.ofNullable(links.get(id));
    }

    @Override
    public synchronized Optional<DownloadLink> byTokenHash(String tokenHash) {
        return links.values().stream().filter(l -> tokenHash.equals(l.tokenHash())).findFirst();
    }

    @Override
    public synchronized List<DownloadLink> ordered(String studyInstanceUid) {
        return links.values().stream().filter(l -> l.state() == LinkState.ORDERED
                && l.studyInstanceUid().equals(studyInstanceUid)).toList();
    }

    @Override
    public synchronized List<DownloadLink> recent(int limit) {
        return links.values().stream().sorted(Comparator.comparingLong(DownloadLink::id).reversed()).limit(limit)
                .toList();
    }

    @Override
    public synchronized List<DownloadLink> toPurge(Instant now) {
        return links.values().stream().filter(l -> LinkPurge.due(l, now)).toList();
    }
}
