package nl.zorgbrug.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/** A BSN finds the exports that carried it, a local number the automatic imports, both through the MPI. */
class PatientTraceTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";

    @Test
    void aBsnFindsExportsAndALocalNumberFindsImports() {
        String bsn = firstTestBsn();
        InMemoryJobRepository repository = new InMemoryJobRepository();
        JobManager manager = new JobManager(repository, RetryPolicy.DEFAULT, Clock.systemUTC());
        RecordedPatients jobs = new RecordedPatients(repository);
        Job export = manager.accept("2.25.81", "umcx", Direction.EXPORT, "ACC81",
                new JobInstance(0, "2.25.81.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobs.recordPatient(export.id(), "Jansen^Olga", "PAT-81");
        Job imported = manager.accept("2.25.82", "ownpacs", Direction.IMPORT, "ACC82",
                new JobInstance(0, "2.25.82.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobs.recordPatient(imported.id(), "Jansen^Olga", bsn);
        Job other = manager.accept("2.25.83", "umcx", Direction.EXPORT, "ACC83",
                new JobInstance(0, "2.25.83.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobs.recordPatient(other.id(), "Vries^Jan", "PAT-83");
        PatientTrace trace = new PatientTrace(jobs, CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("PAT-81",
                LOCAL_ISSUER, Bsn.parse(bsn), BsnStatus.VALIDATED, "Jansen", "Olga", "19650302", "F"))), LOCAL_ISSUER);
        JobQuery all = new JobQuery(Instant.EPOCH, Instant.now().plusSeconds(60), null, null, null, null, null, 50);

        assertThat(trace.search(all, bsn)).extracting(Job::id).containsExactlyInAnyOrder(export.id(), imported.id());
        assertThat(trace.search(all, "PAT-81")).extracting(Job::id).containsExactlyInAnyOrder(export.id(), imported.id());
        assertThat(trace.search(all, "PAT-83")).extracting(Job::id).containsExactly(other.id());
        assertThat(trace.search(new JobQuery(all.from(), all.to(), null, Direction.EXPORT, null, null, null, 50), bsn))
                .extracting(Job::id).containsExactly(export.id());
    }

    /** The job queries over the in-memory repository, with the patients recorded as the node records them. */
    static final class RecordedPatients implements JobQueries {
        private final InMemoryJobRepository jobs;
        private final Map<Long, JobPatient> patients = new HashMap<>();

        RecordedPatients(InMemoryJobRepository jobs) {
            this.jobs = jobs;
        }

        void recordPatient(long jobId, String name, String id) {
            patients.put(jobId, new JobPatient(name, id));
        }

        @Override
        public Map<Long, JobPatient> patients(List<Job> list) {
            return patients;
        }

        @Override
        public List<Job> searchByPatient(JobQuery query, String patient) {
            return jobs.search(query).stream().filter(j -> patients.containsKey(j.id())
                    && (patient.equals(patients.get(j.id()).id())
                    || patients.get(j.id()).name().toLowerCase().contains(patient.toLowerCase()))).toList();
        }

        @Override
        public List<String> events(long jobId) {
            return List.of();
        }
    }

    private static String firstTestBsn() {
        for (int i = 0; ; i++) {
            String candidate = String.valueOf(999_900_000 + i);
            if (Bsn.isValid(candidate)) {
                return candidate;
            }
        }
    }
}
