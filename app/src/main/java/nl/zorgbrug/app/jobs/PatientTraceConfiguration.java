package nl.zorgbrug.app.jobs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.PatientTrace;

/** The patient search of the job lists: by name, BSN or local number, through the MPI both ways. */
@Configuration
public class PatientTraceConfiguration {

    @Bean
    PatientTrace patientTrace(JobQueries queries, MpiStore mpi, SwapPolicy policy) {
        return new PatientTrace(queries, mpi, policy.localIssuer());
    }
}
