package nl.zorgbrug.app.mpi;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.sbvz.BsnVerifier;
import nl.zorgbrug.bsn.sbvz.SbvzPort;
import nl.zorgbrug.bsn.sbvz.SbvzUnavailableException;
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
    MergedPatients mergedPatients(JdbcTemplate jdbc, nl.zorgbrug.bsn.swap.SwapPolicy policy) {
        return new JdbcMergedPatients(jdbc, policy.localIssuer());
    }

    @Bean
    PatientMerge patientMerge(MergedPatients merged, EventHub events, Clock clock) {
        return new PatientMerge(merged, events, clock);
    }

    /**
     * The SBV-Z port (issue 16): the hospital's integration layer provides it as a bean of type {@link SbvzPort} (its
     * connection to the BSN register, usually through a ZIS or LSP gateway). Without one every verification answers
     * that no connection is configured and nothing is recorded: no patient is ever marked verified without the
     * register's answer.
     */
    @Bean
    MpiChanges mpiChanges(MpiStore mpi, nl.zorgbrug.bsn.swap.SwapPolicy policy, ObjectProvider<SbvzPort> sbvz,
                          nl.zorgbrug.audit.trail.AuditLog audit,
                          nl.zorgbrug.app.audit.AuditConfiguration.AuditActors actors, Clock clock) {
        SbvzPort port = sbvz.getIfAvailable(() -> question -> {
            throw new SbvzUnavailableException("no connection to the SBV-Z is configured on this node: the hospital's"
                    + " integration layer provides it (docs/operations.md, SBV-Z); the patient's status is unchanged",
                    null);
        });
        return new MpiChanges(mpi, policy.localIssuer(), new BsnVerifier(port, clock), audit, actors::person, clock);
    }
}
