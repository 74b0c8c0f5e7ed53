package nl.zorgbrug.gateway.job;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/**
 * Tracing a patient through the jobs (issue 15). A job records the Patient ID as its first object arrived: an
 * export carries the hospital's local number (the BSN is written in on delivery), an automatic import the
 * sender's BSN (the local number is written in on delivery). So a search by BSN also looks for the local numbers
 * the MPI gives that BSN, and a search by local number also for that patient's BSN: either finds both directions.
 */
public final class PatientTrace {
    private final JobQueries queries;
    private final MasterPatientIndex mpi;
    private final String localIssuer;

    public PatientTrace(JobQueries queries, MasterPatientIndex mpi, String localIssuer) {
        this.queries = queries;
        this.mpi = mpi;
        this.localIssuer = localIssuer;
    }

    /** Jobs whose patient name contains the text or whose Patient ID is the text or the same patient's other ID. */
    public List<Job> search(JobQuery query, String text) {
        Map<Long, Job> found = new LinkedHashMap<>();
        for (String term : terms(text.strip())) {
            queries.searchByPatient(query, term).forEach(j -> found.putIfAbsent(j.id(), j));
        }
        return found.values().stream().sorted(Comparator.comparing(Job::created).reversed()
                .thenComparing(Comparator.comparingLong(Job::id).reversed())).limit(Math.max(query.limit(), 1)).toList();
    }

    /** The text, and the IDs the MPI links it to: local numbers for a BSN, the BSN for a local number. */
    Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        terms.add(text);
        if (Bsn.isValid(text)) {
            mpi.byBsn(Bsn.parse(text), localIssuer).stream().map(MpiPatient::localId).forEach(terms::add);
        }
        mpi.byLocalId(text, localIssuer).map(MpiPatient::bsn).map(Bsn::value).ifPresent(terms::add);
        return terms;
    }
}
