package nl.zorgbrug.app.quarantine;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineDesk;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.recheck.MpiRecheck;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.spool.Spool;

/** The quarantine worklist in the database, and the desk where people link or reject what is on it. */
@Configuration
public class QuarantineConfiguration {

    @Bean
    QuarantineRepository quarantine(JdbcTemplate jdbc) {
        return new JdbcQuarantine(jdbc);
    }

    @Bean
    QuarantineDesk quarantineDesk(QuarantineRepository quarantine, Spool spool, RouteTable routes, JobManager manager,
                                  JobRepository jobs, SwapPolicy policy, Clock clock, JobRunner runner) {
        return new QuarantineDesk(quarantine, spool, routes, manager, jobs, new ManualLink(policy), clock, runner::wake);
    }

    /** What looks again at held jobs and the quarantine after the MPI changed. */
    @Bean
    MpiRecheck mpiRecheck(JobRepository jobs, JobManager manager, QuarantineDesk desk, Clock clock, JobRunner runner) {
        return new MpiRecheck(jobs, manager, desk, clock, runner::wake);
    }
}
