package nl.zorgbrug.gateway.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** A repository in memory, for tests and for trying the node without a database. Thread-safe. */
public final class InMemoryJobRepository implements JobRepository {
    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private final Map<Long, Map<String, JobInstance>> instances = new LinkedHashMap<>();
    /*
     * The unacknowledged instances of each job, by the position each instance has in the job, so
     * unacknowledged() answers in the order instances() would without going through the whole job: a
     * delivery asks after every batch (every image on an emergency route), which made it quadratic in
     * the study's size (issue 5 gateway benchmark).
     */
    private final Map<Long, Map<String, Long>> positions = new LinkedHashMap<>();
    private final Map<Long, TreeMap<Long, JobInstance>> pending = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    /** The lease of each job a node holds (issue 22), as the database keeps it in the job's row. */
    private final Map<Long, Lease> leases = new LinkedHashMap<>();

    private record Lease(String owner, Instant until) {
        boolean free(Instant now, String claimer) {
            return !until.isAfter(now) || owner.equals(claimer);
        }

        boolean heldBy(String node, Instant mustOutlast) {
            return owner.equals(node) && until.isAfter(mustOutlast);
        }
    }

    @Override
    public synchronized Job save(Job job) {
        Job saved = job.id() == 0 ? job.withId(ids.incrementAndGet()) : job;
        jobs.put(saved.id(), saved);
        return saved;
    }

    @Override
    public synchronized Optional<Job> find(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized Optional<Job> findOpen(String studyInstanceUid, String destination, Direction direction) {
        return jobs.values().stream()
                .filter(j -> !j.state().isFinal() && j.studyInstanceUid().equals(studyInstanceUid)
                        && j.destination().equals(destination) && j.direction() == direction)
                .reduce((first, second) -> second);
    }

    @Override
    public synchronized boolean addInstance(JobInstance instance) {
        boolean added = instances.computeIfAbsent(instance.jobId(), k -> new LinkedHashMap<>())
                .putIfAbsent(instance.sopInstanceUid(), instance) == null;
        if (added) {
            track(instance);
        }
        return added;
    }

    private void track(JobInstance instance) {
        Map<String, Long> order = positions.computeIfAbsent(instance.jobId(), k -> new LinkedHashMap<>());
        Long position = order.get(instance.sopInstanceUid());
        if (position == null) {
            position = (long) order.size();
            order.put(instance.sopInstanceUid(), position);
        }
        TreeMap<Long, JobInstance> open = pending.computeIfAbsent(instance.jobId(), k -> new TreeMap<>());
        if (instance.acknowledged()) {
            open.remove(position);
        } else {
            open.put(position, instance);
        }
    }

    @Override
    public synchronized void updateInstance(JobInstance instance) {
        JobInstance current = instances.getOrDefault(instance.jobId(), Map.of()).get(instance.sopInstanceUid());
        if (current != null && (current.version() != instance.version()
                || !java.util.Objects.equals(current.digest(), instance.digest()))) {
            return;
        }
        correctInstance(instance);
    }

    @Override
    public synchronized void correctInstance(JobInstance instance) {
        instances.computeIfAbsent(instance.jobId(), k -> new LinkedHashMap<>()).put(instance.sopInstanceUid(), instance);
        track(instance);
    }

    @Override
    public synchronized List<JobInstance> unacknowledged(long jobId) {
        TreeMap<Long, JobInstance> open = pending.get(jobId);
        return open == null ? List.of() : List.copyOf(open.values());
    }

    @Override
    public synchronized List<JobInstance> instances(long jobId) {
        return List.copyOf(instances.getOrDefault(jobId, Map.of()).values());
    }

    @Override
    public synchronized List<JobInstance> instancesBySopInstanceUid(String sopInstanceUid) {
        List<JobInstance> out = new ArrayList<>();
        for (Map<String, JobInstance> perJob : instances.values()) {
            JobInstance i = perJob.get(sopInstanceUid);
            if (i != null) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Job> search(JobQuery q) {
        return jobs.values().stream()
                .filter(j -> q.from() == null || !j.created().isBefore(q.from()))
                .filter(j -> q.to() == null || !j.created().isAfter(q.to()))
                .filter(j -> q.state() == null || j.state() == q.state())
                .filter(j -> q.direction() == null || j.direction() == q.direction())
                .filter(j -> q.destination() == null || j.destination().equals(q.destination()))
                .filter(j -> q.accessionNumber() == null || q.accessionNumber().equals(j.accessionNumber()))
                .filter(j -> q.studyInstanceUid() == null || q.studyInstanceUid().equals(j.studyInstanceUid()))
                .filter(j -> q.channel() == null || q.channel() == j.channel())
                .filter(j -> q.heldBy() == null || q.heldBy().node().equals(heldAt(j.id(), q.heldBy().at())))
                .sorted(Comparator.comparing(Job::created).reversed())
                .limit(q.limit() > 0 ? q.limit() : Long.MAX_VALUE)
                .toList();
    }

    @Override
    public synchronized long count(JobState state) {
        return jobs.values().stream().filter(j -> j.state() == state).count();
    }

    @Override
    public synchronized List<Job> due(Instant now, int limit) {
        return jobs.values().stream()
                .filter(j -> j.isDue(now))
                .sorted(Comparator.comparing(Job::notBefore))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Job> claim(Instant now, int limit, String owner, Instant until) {
        List<Job> claimed = jobs.values().stream()
                .filter(j -> {
                    Lease lease = leases.get(j.id());
                    return j.isDue(now) ? lease == null || lease.free(now, owner)
                            : j.state() == JobState.IN_PROGRESS && lease != null && !lease.until().isAfter(now);
                })
                .sorted(Comparator.comparing(Job::notBefore).thenComparing(Job::id))
                .limit(limit).toList();
        for (Job j : claimed) {
            leases.put(j.id(), new Lease(owner, until));
        }
        return claimed;
    }

    @Override
    public synchronized boolean renewLease(long jobId, String owner, Instant mustOutlast, Instant until) {
        if (!holds(jobId, owner, mustOutlast)) {
            return false;
        }
        leases.put(jobId, new Lease(owner, until));
        return true;
    }

    private boolean holds(long jobId, String owner, Instant mustOutlast) {
        Lease lease = leases.get(jobId);
        return lease != null && lease.heldBy(owner, mustOutlast);
    }

    @Override
    public synchronized boolean saveLeased(Job job, String owner, Instant mustOutlast, boolean keep) {
        if (!holds(job.id(), owner, mustOutlast)) {
            return false;
        }
        save(job);
        if (!keep) {
            leases.remove(job.id());
        }
        return true;
    }

    @Override
    public synchronized boolean updateInstanceLeased(JobInstance instance, String owner, Instant mustOutlast) {
        if (!holds(instance.jobId(), owner, mustOutlast)) {
            return false;
        }
        updateInstance(instance);
        return true;
    }

    @Override
    public synchronized List<Job> interrupted(String owner, Instant now) {
        return jobs.values().stream().filter(j -> j.state() == JobState.IN_PROGRESS)
                .filter(j -> leases.get(j.id()) == null || leases.get(j.id()).owner().equals(owner)).toList();
    }

    @Override
    public synchronized Optional<String> leaseHolder(long jobId, Instant now) {
        Lease lease = leases.get(jobId);
        return lease == null || !lease.until().isAfter(now) ? Optional.empty() : Optional.of(lease.owner());
    }

    /** The holder of a job's lease at {@code at}, or null. */
    private String heldAt(long jobId, Instant at) {
        return leaseHolder(jobId, at).orElse(null);
    }

    @Override
    public synchronized Map<Long, HeldLease> leases(java.util.Collection<Long> jobIds, Instant now) {
        Map<Long, HeldLease> held = new LinkedHashMap<>();
        for (Long id : jobIds) {
            Lease lease = leases.get(id);
            if (lease != null && lease.until().isAfter(now)) {
                held.put(id, new HeldLease(lease.owner(), lease.until()));
            }
        }
        return held;
    }

    @Override
    public synchronized List<String> leaseHolders(Instant now) {
        return leases.entrySet().stream()
                .filter(e -> e.getValue().until().isAfter(now) && jobs.get(e.getKey()).state() == JobState.IN_PROGRESS)
                .map(e -> e.getValue().owner()).distinct().sorted().toList();
    }

    @Override
    public synchronized long countHeld(String node, Instant now) {
        return leases.entrySet().stream()
                .filter(e -> e.getValue().owner().equals(node) && e.getValue().until().isAfter(now)
                        && jobs.get(e.getKey()).state() == JobState.IN_PROGRESS)
                .count();
    }

    @Override
    public synchronized void recordEvent(long jobId, String user, String action, String detail, Instant at) {
        events.add(at + " job " + jobId + " " + user + " " + action + " " + detail);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }
}
