package nl.zorgbrug.bsn.mpi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

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

    /**
     * The patient with this local number and every patient of the issuer carrying {@code bsn} (none looked for when
     * {@code bsn} is null), in one read: what the EPD feed must know of a registration before it saves it, so a
     * message costs one query and one upsert (issue 16's benchmark). The patient itself is also among
     * {@link NumberAndBsn#sameBsn()} when it already carries the BSN.
     */
    default NumberAndBsn byLocalIdOrBsn(String localId, String localIssuer, Bsn bsn) {
        return new NumberAndBsn(byLocalId(localId, localIssuer), bsn == null ? List.of() : byBsn(bsn, localIssuer));
    }

    /** What {@link #byLocalIdOrBsn} found. */
    record NumberAndBsn(Optional<MpiPatient> patient, List<MpiPatient> sameBsn) {
        public NumberAndBsn {
            patient = Objects.requireNonNull(patient, "patient");
            sameBsn = List.copyOf(sameBsn);
        }

        /** Patients other than {@code localId} carrying the BSN. */
        public List<MpiPatient> othersThan(String localId) {
            return sameBsn.stream().filter(o -> !o.localId().equals(localId)).toList();
        }
    }

    /** Saves a patient, replacing the one with the same local number and issuer. */
    void save(MpiPatient patient);

    /** Removes the patient with this local number and issuer (a merge or a change of number); nothing if absent. */
    void remove(String localId, String localIssuer);

    /** Replaces the whole index with the patients of an import, at once: on failure nothing changes. */
    int replaceAll(List<MpiPatient> patients);
}
