package nl.zorgbrug.bgz.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the BgZ lives (issue 19): the node's own tables in the database (app's JdbcBgzStore, V23), or memory in
 * tests. The BgZ is a fixed set of read queries per patient, so the store answers only what those need: one
 * resource, a patient's resources of one type, the Provenance naming given targets. Writes replace a resource
 * whole (a FHIR update); a transaction's writes land together or not at all.
 */
public interface ResourceStore {

    Optional<StoredResource> read(String type, String id);

    /** The resources of {@code type} that belong to the Patient with logical id {@code patientId}. */
    List<StoredResource> forPatient(String type, String patientId);

    /**
     * As {@link #forPatient(String, String)}, pre-selected by code: the store may leave out a resource none of whose
     * codes of search parameter {@code param} is one of {@code codes} ({@code nl.zorgbrug.bgz.stu3.SearchCodes}; system not compared). The
     * caller still checks each resource it gets. By default no pre-selection.
     */
    default List<StoredResource> forPatient(String type, String patientId, String param, java.util.Set<String> codes) {
        return forPatient(type, patientId);
    }

    /**
     * The resources named by {@code references} ({@code Type/id}) that are stored, in no particular order: what
     * {@link #read} gives for each, which a store may fetch in fewer round trips (the includes of a search).
     */
    default List<StoredResource> readAll(Collection<String> references) {
        List<StoredResource> out = new java.util.ArrayList<>();
        for (String ref : new java.util.LinkedHashSet<>(references)) {
            String[] typeId = ref.split("/", 2);
            read(typeId[0], typeId[1]).ifPresent(out::add);
        }
        return out;
    }

    /** The Patient resources that carry this BSN (normally one). */
    List<StoredResource> patientsWithBsn(String bsn);

    /** The Provenance resources that name any of {@code references} ({@code Type/id}) as target. */
    List<StoredResource> provenanceFor(Collection<String> references);

    /**
     * The Provenance resources that name any of {@code references} ({@code Type/id}) as target and belong to one of
     * {@code patientIds} or to no patient: of {@link #provenanceFor(Collection)}, those a search of these patients may
     * serve. A store may find them among the patients' own Provenance instead of by each target (issue 19, the
     * laboratory query's 875 matches).
     */
    default List<StoredResource> provenanceFor(Collection<String> references, Collection<String> patientIds) {
        java.util.Set<String> patients = java.util.Set.copyOf(patientIds);
        return provenanceFor(references).stream()
                .filter(r -> r.patientId() == null || patients.contains(r.patientId())).toList();
    }

    /** Stores all of {@code resources} at once (all or none), each replacing an earlier version. */
    void saveAll(List<StoredResource> resources);

    /** Removes the Patient and everything that belongs to it; returns how many resources went. */
    int purgePatient(String patientId);
}
