package nl.zorgbrug.audit.consent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

/** The consent register in memory (tests). */
public final class InMemoryConsentStore implements ConsentStore {
    private final Map<String, ConsentRecord> consents = new LinkedHashMap<>();
    private final Map<String, Shielding> shieldings = new LinkedHashMap<>();

    @Override
    public synchronized void save(ConsentRecord consent) {
        consents.put(consent.id(), consent);
    }

    @Override
    public synchronized void save(Shielding shielding) {
        shieldings.put(shielding.id(), shielding);
    }

    @Override
    public synchronized Optional<ConsentRecord> consent(String id) {
        return Optional.ofNullable(consents.get(id));
    }

    @Override
    public synchronized Optional<Shielding> shielding(String id) {
        return Optional.ofNullable(shieldings.get(id));
    }

    @Override
    public synchronized List<ConsentRecord> consents(Bsn patient) {
        List<ConsentRecord> out = new ArrayList<>();
        for (ConsentRecord c : consents.values()) {
            if (c.patient().equals(patient)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(c -> c.recording().at()));
        return out;
    }

    @Override
    public synchronized List<Shielding> shieldings(Bsn patient) {
        List<Shielding> out = new ArrayList<>();
        for (Shielding s : shieldings.values()) {
            if (s.patient().equals(patient)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.recording().at()));
        return out;
    }
}
