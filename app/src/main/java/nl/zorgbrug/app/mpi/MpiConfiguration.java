package nl.zorgbrug.app.mpi;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.merge.MergedPatients;
import nl.zorgbrug.gateway.merge.PatientMerge;

/** The node's copy of the master patient index, in its database; everything reads it through its port. */
@Configuration
public class MpiConfiguration {

    @Bean
    MpiStore masterPatientIndex(JdbcTemplate jdbc) {
        JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
        mpi.foldMissingNames();
        return mpi;
    }

    /** Merges of patients in the EPD (issue 16), remembered and carried to jobs and quarantine links. */
    @Bean
    MergedPatients mergedPatients(JdbcTemplate jdbc) {
        return new JdbcMergedPatients(jdbc);
    }

    @Bean
    PatientMerge patientMerge(MergedPatients merged, EventHub events, Clock clock) {
        return new PatientMerge(merged, events, clock);
    }
}
