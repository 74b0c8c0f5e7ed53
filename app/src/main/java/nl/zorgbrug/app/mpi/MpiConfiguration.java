package nl.zorgbrug.app.mpi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.mpi.MpiStore;

/** The node's copy of the master patient index, in its database; everything reads it through its port. */
@Configuration
public class MpiConfiguration {

    @Bean
    MpiStore masterPatientIndex(JdbcTemplate jdbc) {
        JdbcMasterPatientIndex mpi = new JdbcMasterPatientIndex(jdbc);
        mpi.foldMissingNames();
        return mpi;
    }
}
