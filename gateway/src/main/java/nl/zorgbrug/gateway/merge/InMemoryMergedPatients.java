package nl.zorgbrug.gateway.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/**
 * The port in memory (tests, and a node without a database): the jobs it knows with their state and patient number,
 * put in by {@link #putJob}, and quarantine links by entry id ({@link #putQuarantineLink}).
 */
public final class InMemoryMergedPatients implements MergedPatients {
    private record HeldJob(JobState state, String patientId) {
    }

    private final Map<String, Merge> merges = new LinkedHashMap<>();
    private final Map<Long, HeldJob> jobs = new HashMap<>();
    private final Map<Long, String> quarantineLinks = new HashMap<>();
    private final JobRepository history;

    /** Merges whose job history steps go to {@code history}. */
    public InMemoryMergedPatients(JobRepository history) {
        this.history = history;
    }

    public InMemoryMergedPatients() {
        this(new InMemoryJobRepository());
    }

    public synchronized void putJob(long jobId, JobState state, String patientId) {
        jobs.put(jobId, new HeldJob(state, patientId));
    }

    public synchronized String patientOf(long jobId) {
        return jobs.get(jobId).patientId();
    }

    public synchronized void putQuarantineLink(long entryId, String localId) {
        quarantineLinks.put(entryId, localId);
    }

    public synchronized String quarantineLinkOf(long entryId) {
        return quarantineLinks.get(entryId);
    }

    @Override
    public synchronized void record(Merge merge) {
        merges.put(merge.priorLocalId(), merge);
    }

    @Override
    public synchronized Optional<String> survivorOf(String localId) {
        return Optional.ofNullable(merges.get(localId)).map(Merge::survivorLocalId);
    }

    @Override
    public synchronized List<JobOfPatient> jobsOf(String localId) {
        return jobs.entrySet().stream().filter(e -> localId.equals(e.getValue().patientId()))
                .map(e -> new JobOfPatient(e.getKey(), e.getValue().state())).toList();
    }

    @Override
    public synchronized int moveJobs(String priorLocalId, String survivorLocalId, Set<JobState> states, JobStep step) {
        int n = 0;
        for (Map.Entry<Long, HeldJob> e : new TreeMap<>(jobs).entrySet()) {
            HeldJob job = e.getValue();
            if (priorLocalId.equals(job.patientId()) && states.contains(job.state())) {
                history.recordEvent(e.getKey(), step.user(), step.action(), step.detail(), step.at());
                if (survivorLocalId != null) {
                    jobs.put(e.getKey(), new HeldJob(job.state(), survivorLocalId));
                }
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized int repointQuarantine(String priorLocalId, String survivorLocalId) {
        int n = 0;
        for (Map.Entry<Long, String> e : quarantineLinks.entrySet()) {
            if (priorLocalId.equals(e.getValue())) {
                e.setValue(survivorLocalId);
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized List<DeliveredUnderPrior> deliveredUnderPrior(int limit) {
        List<DeliveredUnderPrior> out = new ArrayList<>();
        jobs.forEach((id, job) -> {
            Merge m = merges.get(job.patientId());
            if (m != null && job.state() == JobState.DONE && out.size() < limit) {
                out.add(new DeliveredUnderPrior(id, Direction.EXPORT, null, null, null, m.priorLocalId(),
                        m.survivorLocalId(), m.source(), m.at()));
            }
        });
        return out;
    }
}
