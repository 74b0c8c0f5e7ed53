package nl.zorgbrug.bgz.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The store in memory, for tests and the TestScript runner; the node uses the database. */
public final class InMemoryResourceStore implements ResourceStore {
    private final Map<String, StoredResource> byReference = new LinkedHashMap<>();

    @Override
    public synchronized Optional<StoredResource> read(String type, String id) {
        return Optional.ofNullable(byReference.get(type + "/" + id));
    }

    @Override
    public synchronized List<StoredResource> forPatient(String type, String patientId) {
        List<StoredResource> out = new ArrayList<>();
        for (StoredResource r : byReference.values()) {
            if (r.type().equals(type) && patientId.equals(r.patientId())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized List<StoredResource> patientsWithBsn(String bsn) {
        List<StoredResource> out = new ArrayList<>();
        for (StoredResource r : byReference.values()) {
            if (r.type().equals("Patient") && bsn.equals(r.patientBsn())) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized List<StoredResource> provenanceFor(Collection<String> references) {
        Set<String> wanted = Set.copyOf(references);
        List<StoredResource> out = new ArrayList<>();
        for (StoredResource r : byReference.values()) {
            if (r.type().equals("Provenance") && r.provenanceTargets().stream().anyMatch(wanted::contains)) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized void saveAll(List<StoredResource> resources) {
        for (StoredResource r : resources) {
            byReference.put(r.reference(), r);
        }
    }

    @Override
    public synchronized int purgePatient(String patientId) {
        int before = byReference.size();
        byReference.values().removeIf(r -> Objects.equals(patientId, r.patientId())
                || r.reference().equals("Patient/" + patientId));
        return before - byReference.size();
    }
}
