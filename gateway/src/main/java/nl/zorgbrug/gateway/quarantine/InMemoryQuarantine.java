package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The quarantine in memory, for tests. */
public final class InMemoryQuarantine implements QuarantineRepository {
    private final List<QuarantineItem> items = new ArrayList<>();

    @Override
    public synchronized QuarantineItem add(QuarantineItem i) {
        for (QuarantineItem existing : items) {
            if (existing.sopInstanceUid().equals(i.sopInstanceUid()) && existing.state() == QuarantineState.OPEN) {
                return existing;
            }
        }
        QuarantineItem saved = i.withId(items.size() + 1);
        items.add(saved);
        return saved;
    }

    @Override
    public synchronized List<QuarantineItem> open() {
        return items.stream().filter(i -> i.state() == QuarantineState.OPEN).toList();
    }

    @Override
    public synchronized long countOpen() {
        return open().size();
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
    public synchronized void reject(long id, String user, Instant at, String why) {
        update(id, i -> i.decided(QuarantineState.REJECTED, user, at, null, why));
    }

    @Override
    public synchronized void link(long id, String localId, String user, Instant at) {
        update(id, i -> i.decided(QuarantineState.LINKED, user, at, localId));
    }

    @Override
    public synchronized void refreshReason(long id, String reasonCode, String messageNl, String messageEn) {
        update(id, i -> new QuarantineItem(i.id(), i.route(), i.studyInstanceUid(), i.sopInstanceUid(),
                i.sopClassUid(), i.callingAeTitle(), reasonCode, messageNl, messageEn, i.patientName(),
                i.patientIdMasked(), i.state(), i.received(), i.decidedBy(), i.decided(), i.linkedLocalId(),
                i.decisionReason()));
    }

    @Override
    public synchronized Optional<String> linkedLocalId(String route, String sopInstanceUid) {
        return items.stream().filter(i -> i.state() == QuarantineState.LINKED && Objects.equals(i.route(), route)
                && i.sopInstanceUid().equals(sopInstanceUid)).reduce((first, later) -> later)
                .map(QuarantineItem::linkedLocalId);
    }

    private void update(long id, UnaryOperator<QuarantineItem> change) {
        items.replaceAll(i -> i.id() == id ? change.apply(i) : i);
    }

    public synchronized List<QuarantineItem> all() {
        return new ArrayList<>(items);
    }
}
