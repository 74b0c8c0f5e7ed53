package nl.zorgbrug.bsn.mpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

/** An {@link MpiStore} in memory: for tests and the feed's properties; the node keeps its MPI in the database. */
public final class InMemoryMpiStore implements MpiStore {
    private record Key(String localId, String localIssuer) {
    }

    private final Map<Key, MpiPatient> patients = new LinkedHashMap<>();

    @Override
    public synchronized Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
        return Optional.ofNullable(patients.get(new Key(localId, localIssuer)));
    }

    @Override
    public synchronized List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
        return patients.values().stream().filter(p -> bsn.equals(p.bsn()) && p.localIssuer().equals(localIssuer))
                .toList();
    }

    @Override
    public synchronized MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName,
                                                   String birthDate, String sex) {
        int n = 1;
        while (patients.containsKey(new Key(String.format("PENDING-%06d", n), localIssuer))) {
            n++;
        }
        MpiPatient p = new MpiPatient(String.format("PENDING-%06d", n), localIssuer, bsn,
                BsnStatus.receivedFromAnotherInstitution(), familyName, givenName, birthDate, sex);
        save(p);
        return p;
    }

    @Override
    public synchronized List<MpiPatient> search(String bsn, String name, String birthDate) {
        String folded = name == null || name.isBlank() ? null : NameSearch.fold(name);
        Optional<Bsn> b = bsn == null || bsn.isBlank() ? Optional.empty() : Bsn.tryParse(bsn);
        if (bsn != null && !bsn.isBlank() && b.isEmpty()) {
            return List.of();
        }
        if (b.isEmpty() && folded == null && (birthDate == null || birthDate.isBlank())) {
            return List.of();
        }
        return patients.values().stream()
                .filter(p -> b.isEmpty() || b.get().equals(p.bsn()))
                .filter(p -> folded == null || (p.familyName() != null && NameSearch.fold(p.familyName()).contains(folded)))
                .filter(p -> birthDate == null || birthDate.isBlank() || birthDate.strip().equals(p.birthDate()))
                .limit(50).toList();
    }

    @Override
    public synchronized long count() {
        return patients.size();
    }

    @Override
    public synchronized void save(MpiPatient patient) {
        patients.put(new Key(patient.localId(), patient.localIssuer()), patient);
    }

    @Override
    public synchronized void remove(String localId, String localIssuer) {
        patients.remove(new Key(localId, localIssuer));
    }

    @Override
    public synchronized int replaceAll(List<MpiPatient> all) {
        patients.clear();
        all.forEach(this::save);
        return all.size();
    }

    /** Every patient, in the order saved. */
    public synchronized List<MpiPatient> all() {
        return new ArrayList<>(patients.values());
    }
}
