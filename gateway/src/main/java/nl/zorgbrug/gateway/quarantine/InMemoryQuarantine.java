package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The quarantine in memory, for tests. */
public final class InMemoryQuarantine implements QuarantineRepository {
    private final List<QuarantineItem> items = new ArrayList<>();

    @Override
    public synchronized QuarantineItem add(QuarantineItem i) {
        for (QuarantineItem existing : items) {
            if (existing.sopInstanceUid().equals(i.sopInstanceUid()) && existing.state().equals("OPEN")) {
                return existing;
            }
        }
        QuarantineItem saved = new QuarantineItem(items.size() + 1, i.studyInstanceUid(), i.sopInstanceUid(),
                i.sopClassUid(), i.callingAeTitle(), i.reasonCode(), i.messageNl(), i.messageEn(), i.patientName(),
                i.patientIdMasked(), i.state(), i.received(), i.decidedBy(), i.decided());
        items.add(saved);
        return saved;
    }

    @Override
    public synchronized List<QuarantineItem> open() {
        return items.stream().filter(i -> i.state().equals("OPEN")).toList();
    }

    @Override
    public synchronized List<QuarantineItem> byStudy(String studyInstanceUid) {
        return items.stream().filter(i -> i.studyInstanceUid().equals(studyInstanceUid)).toList();
    }

    @Override
    public synchronized Optional<QuarantineItem> find(long id) {
        return items.stream().filter(i -> i.id() == id).findFirst();
    }

    @Override
    public synchronized void decide(long id, String state, String user, Instant at) {
        for (int k = 0; k < items.size(); k++) {
            QuarantineItem i = items.get(k);
            if (i.id() == id) {
                items.set(k, new QuarantineItem(i.id(), i.studyInstanceUid(), i.sopInstanceUid(), i.sopClassUid(),
                        i.callingAeTitle(), i.reasonCode(), i.messageNl(), i.messageEn(), i.patientName(),
                        i.patientIdMasked(), state, i.received(), user, at));
            }
        }
    }

    public synchronized List<QuarantineItem> all() {
        return new ArrayList<>(items);
    }
}
