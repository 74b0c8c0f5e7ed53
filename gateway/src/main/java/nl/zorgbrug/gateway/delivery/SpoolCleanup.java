package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.util.function.Function;

import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Originals leave the spool once delivered: acknowledged — and committed, where the receiver uses storage
 * commitment (a failed commitment sends them again). Instances that joined the job meanwhile stay, and so does a
 * corrected version of an instance that arrived while the earlier one was delivered (issue 15).
 * Used after each delivery attempt and by {@link CommitmentTracker} when a report commits instances.
 */
public final class SpoolCleanup {
    private final Spool spool;
    private final JobRepository jobs;
    private final Function<Job, Route> routeOf;

    public SpoolCleanup(Spool spool, JobRepository jobs, Function<Job, Route> routeOf) {
        this.spool = spool;
        this.jobs = jobs;
        this.routeOf = routeOf;
    }

    /** @param commitment the receiver commits (PS3.4 Annex J): only committed originals go */
    public void removeDelivered(Job job, boolean commitment) {
        Spool routeSpool = spool.forRoute(routeOf.apply(job).name());
        long listedAt = routeSpool.now();
        for (JobInstance i : jobs.instances(job.id())) {
            if (i.acknowledged() && (i.committed() || !commitment)) {
                try {
                    // The delivered version and the earlier ones it replaced; a correction that came meanwhile stays.
                    // Not while the object is being received again, nor when that settled after the list was read.
                    routeSpool.removeUpTo(job.studyInstanceUid(), i.sopInstanceUid(), i.version(), listedAt);
                } catch (IOException e) {
                    // left in the spool; removed after the next delivery of this job
                }
            }
        }
    }
}
