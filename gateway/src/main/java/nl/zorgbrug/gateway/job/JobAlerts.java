package nl.zorgbrug.gateway.job;

/**
 * Told when a job needs a person: it FAILED (a permanent failure, or out of attempts) or was HELD by a rule
 * (issue 5: "FAILED with the reason and an alert, never retried in a loop"). The node logs each alert at
 * ERROR with the marker "ALERT" and counts it for Prometheus, so monitoring can page someone.
 */
@FunctionalInterface
public interface JobAlerts {

    void raised(Job job);

    /** Alerts as log lines at ERROR: job, state, destination, direction and reason (no patient data). */
    static JobAlerts logged() {
        System.Logger log = System.getLogger(JobAlerts.class.getName());
        return job -> log.log(System.Logger.Level.ERROR, "ALERT job " + job.id() + " " + job.direction() + " "
                + job.destination() + " is " + job.state() + ": " + job.reason());
    }
}
