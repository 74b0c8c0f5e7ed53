package nl.zorgbrug.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * Takes due jobs ({@link JobRepository#due}: WAITING ones whose time has come, and FAILED ones whose automatic
 * retry is due) and delivers them, a few at a time. It looks every {@code interval}, and at once
 * when {@link #wake()} is called (emergency routes call it for each spooled object). A delivery that breaks off with
 * an exception leaves its job IN_PROGRESS; the runner puts it back ({@link Deliveries#returnBrokenOff}) at every look
 * until that succeeds, so a node whose database was unwritable for a while goes on without a restart.
 */
public final class JobRunner implements AutoCloseable {
    /** What the runner does with a job. */
    public interface Deliveries {
        /** Delivers the job; returns it as it ends up. */
        Job deliver(Job due);

        /** Puts back a job whose {@link #deliver} threw; throws when that cannot be recorded yet. */
        void returnBrokenOff(long jobId, String why);

        /**
         * The jobs to deliver now, at most {@code limit}, taken for this node (issue 22: claimed with a lease where
         * several nodes share the database); by default the due jobs as the repository lists them.
         */
        default List<Job> take(JobRepository jobs, java.time.Instant now, int limit) {
            return jobs.due(now, limit);
        }

        /** Renews the leases of the jobs this node delivers; returns those it lost (none without leases). */
        default java.util.Set<Long> renewLeases() {
            return java.util.Set.of();
        }

        /** How often {@link #renewLeases} is called. */
        default Duration renewEvery() {
            return Duration.ofSeconds(10);
        }
    }

    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    private final JobRepository jobs;
    private final Deliveries deliveries;
    private final Clock clock;
    private final Duration interval;
    private final ExecutorService workers;
    private final Thread loop;
    private final Object signal = new Object();
    private final java.util.Set<Long> busy = ConcurrentHashMap.newKeySet();
    /** The thread of each running delivery, to stop one whose lease this node lost. */
    private final Map<Long, Thread> inFlight = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService renewals;
    /** Jobs whose delivery threw, with why, until they are put back. */
    private final Map<Long, String> brokenOff = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private boolean woken;

    public JobRunner(JobRepository jobs, Deliveries deliveries, Clock clock, Duration interval, int parallel) {
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.clock = clock;
        this.interval = interval;
        this.workers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "zorgbrug-delivery");
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "zorgbrug-job-runner");
        loop.setDaemon(true);
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zorgbrug-lease-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    public JobRunner start() {
        loop.start();
        long every = deliveries.renewEvery().toMillis();
        renewals.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Renews this node's leases; a delivery whose lease was lost is interrupted (it would record nothing more anyway:
     * each of its changes checks the lease), so its thread is free for other work.
     */
    private void renewLeases() {
        try {
            for (Long lost : deliveries.renewLeases()) {
                LOG.log(System.Logger.Level.WARNING, "this node lost the lease of job " + lost + "; a delivery of it"
                        + " here is stopped, and the node that claims it next goes on with it");
                // Atomic with the delivery's own removal, so only that delivery's thread is interrupted.
                inFlight.computeIfPresent(lost, (id, thread) -> {
                    thread.interrupt();
                    return thread;
                });
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the leases of the jobs in progress could not be renewed; tried again in "
                    + deliveries.renewEvery() + ": " + e, e);
        }
    }

    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                returnBrokenOff();
                List<Job> due = deliveries.take(jobs, clock.instant(), 20);
                for (Job job : due) {
                    if (busy.add(job.id())) {
                        workers.submit(() -> {
                            inFlight.put(job.id(), Thread.currentThread());
                            try {
                                deliveries.deliver(job);
                            } catch (nl.zorgbrug.gateway.job.LeaseLostException e) {
                                LOG.log(System.Logger.Level.WARNING, "delivery of job " + job.id() + " stopped: " + e
                                        .getMessage());
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.ERROR, "delivery of job " + job.id() + " broke off; the"
                                        + " job is put back to WAITING as soon as that can be recorded: " + e, e);
                                brokenOff.put(job.id(), String.valueOf(e.getMessage()));
                            } finally {
                                inFlight.remove(job.id());
                                busy.remove(job.id());
                                wake();
                            }
                        });
                    }
                }
                synchronized (signal) {
                    if (!woken) {
                        signal.wait(interval.toMillis());
                    }
                    woken = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "job runner: " + e.getMessage(), e);
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Puts back what broke off; what cannot be recorded yet (the database still down) is tried at the next look. */
    private void returnBrokenOff() {
        for (Map.Entry<Long, String> e : brokenOff.entrySet()) {
            try {
                deliveries.returnBrokenOff(e.getKey(), e.getValue());
                brokenOff.remove(e.getKey());
            } catch (nl.zorgbrug.gateway.job.LeaseLostException gone) {
                // Another node holds the job now, or will once it claims it: it is not ours to put back.
                brokenOff.remove(e.getKey());
            } catch (RuntimeException stillFailing) {
                LOG.log(System.Logger.Level.DEBUG, "job " + e.getKey() + " cannot be put back yet: " + stillFailing);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        renewals.shutdownNow();
        wake();
        loop.interrupt();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
