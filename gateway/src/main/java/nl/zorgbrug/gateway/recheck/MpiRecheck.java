package nl.zorgbrug.gateway.recheck;

import java.time.Instant;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.swap.ReasonCode;
import nl.zorgbrug.gateway.job.IllegalJobTransitionException;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.quarantine.QuarantineDesk;

/**
 * What happens after the MPI changed (an upload, or one patient added or changed): work that waited for the MPI
 * is looked at again, so nobody has to release it by hand (issue 15).
 *
 * <ul>
 *   <li>HELD jobs whose hold reason came from the MPI (patient unknown, BSN not validated, ...) are released
 *   for a new attempt. The delivery decides again per instance through the route, so a job whose patient is
 *   still not right is held again with the reason of today. The release is an automatic step in the job's
 *   history, with what the hold was.</li>
 *   <li>Open quarantine entries get the reason their route gives now ({@link QuarantineDesk#recheck()}).</li>
 * </ul>
 */
public final class MpiRecheck {
    /** Who the job history names for these steps: no person did them. */
    public static final String AUTOMATIC = "automatic";

    /** The hold reasons that a change of the MPI can resolve (bsn.swap.ReasonCode). */
    static final Set<ReasonCode> FROM_THE_MPI = EnumSet.of(ReasonCode.PATIENT_NOT_IN_MPI,
            ReasonCode.AMBIGUOUS_MPI_PATIENT, ReasonCode.NO_BSN, ReasonCode.BSN_NOT_VALIDATED, ReasonCode.BSN_MISMATCH,
            ReasonCode.LOCAL_ID_CONFLICT, ReasonCode.DEMOGRAPHICS_MISMATCH, ReasonCode.IDENTITY_CONFLICT);

    /** Far more than a node ever holds; a bound all the same. */
    private static final int HELD_AT_MOST = 10_000;

    private final JobRepository jobs;
    private final JobManager manager;
    private final QuarantineDesk desk;
    private final Clock clock;
    private final Runnable wake;

    /** @param wake wakes the job runner for the released jobs */
    public MpiRecheck(JobRepository jobs, JobManager manager, QuarantineDesk desk, Clock clock, Runnable wake) {
        this.jobs = jobs;
        this.manager = manager;
        this.desk = desk;
        this.clock = clock;
        this.wake = wake;
    }

    /** How many jobs were released and quarantine entries given another reason. */
    public record Result(int jobsReleased, int quarantineRefreshed) {
    }

    /** Looks again at what waited for the MPI; call after every change of the MPI. */
    public Result afterMpiChange() {
        Instant now = clock.instant();
        int released = 0;
        for (Job job : jobs.search(new JobQuery(Instant.EPOCH, now, JobState.HELD, null, null, null, null,
                HELD_AT_MOST))) {
            Optional<ReasonCode> code = mpiReason(job.reason());
            if (code.isEmpty()) {
                continue;
            }
            try {
                manager.release(job.id(), AUTOMATIC);
                jobs.recordEvent(job.id(), AUTOMATIC, "recheck", "the MPI changed; held for " + code.get()
                        + ", released so the route decides again on delivery", now);
                released++;
            } catch (IllegalJobTransitionException e) {
                // A person or the runner moved the job meanwhile: nothing to release.
            }
        }
        int refreshed = desk.recheck();
        if (released > 0) {
            wake.run();
        }
        return new Result(released, refreshed);
    }

    /** The MPI reason a hold names ("CODE: message ..."), if it is one. */
    static Optional<ReasonCode> mpiReason(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        return FROM_THE_MPI.stream().filter(c -> reason.startsWith(c.name() + ":")).findFirst();
    }
}
