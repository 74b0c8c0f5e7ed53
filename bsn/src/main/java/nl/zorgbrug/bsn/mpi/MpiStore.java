package nl.zorgbrug.bsn.mpi;

import java.util.List;

/**
 * A master patient index the node keeps itself (its database, filled from the hospital's CSV export): what the
 * swaps read, plus the queries and the import the console and REST API go through. Pages never read the
 * patient table themselves, so every read of patient data passes here, where an audit trail can see it.
 */
public interface MpiStore extends MasterPatientIndex {

    /**
     * Patients by exact BSN, or by (part of) the family name, ignoring accents and case ({@link NameSearch}),
     * and/or the birth date (YYYYMMDD); at most 50.
     * Nothing is returned when no criterion is given.
     */
    List<MpiPatient> search(String bsn, String name, String birthDate);

    /** How many patients the index holds. */
    long count();

    /** Saves a patient, replacing the one with the same local number and issuer. */
    void save(MpiPatient patient);

    /** Removes the patient with this local number and issuer (a merge or a change of number); nothing if absent. */
    void remove(String localId, String localIssuer);

    /** Replaces the whole index with the patients of an import, at once: on failure nothing changes. */
    int replaceAll(List<MpiPatient> patients);
}
