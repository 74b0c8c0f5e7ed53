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

        /**
         * The node is draining: deliveries still running should stop between two instances and give their jobs back
         * ({@link JobDelivery#handBack}); by default nothing happens and they run to their end.
         */
        default void handBack() {
        }

        /**
         * The node is draining and its deliveries have ended or handed their jobs back: the jobs it still holds that
         * wait for something after their transfer (a storage commitment report, an SFTP receipt), other than those
         * in {@code delivering}, are handed back too; by default nothing happens and they wait on.
         */
        default void handBackWaiting(java.util.Set<Long> delivering) {
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
    /** Jobs with a delivery submitted or running here; changed together with {@link #claimedWhileBusy}, under its lock. */
    private final java.util.Set<Long> busy = ConcurrentHashMap.newKeySet();
    /** Jobs claimed again while an earlier delivery of them still ran here: delivered when that one ends. */
    private final Map<Long, Job> claimedWhileBusy = new ConcurrentHashMap<>();
    /** The thread of each running delivery, to stop one whose lease this node lost. */
    private final Map<Long, Thread> inFlight = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService renewals;
    /** Jobs whose delivery threw, with why, until they are put back. */
    private final Map<Long, String> brokenOff = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    /** False once the node drains: no job is taken any more ({@link #stopTaking}). */
    private volatile boolean taking = true;
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
                List<Job> due = taking ? deliveries.take(jobs, clock.instant(), 20) : List.of();
                for (Job job : due) {
                    synchronized (busy) {
                        if (busy.add(job.id())) {
                            submit(job);
                        } else {
                            // Claimed again while an earlier delivery of it still runs here: that one lost the lease
                            // (a renewal failed while the database was down) and has not ended yet. The new claim is
                            // delivered once it has; dropped, the job would stay IN_PROGRESS under this node's lease,
                            // renewed and delivered by no one (seen in DatabaseFailoverTest).
                            if (claimedWhileBusy.put(job.id(), job) == null) {
                                LOG.log(System.Logger.Level.INFO, "job " + job.id() + " was claimed again while an"
                                        + " earlier delivery of it still ends here; it is delivered after that one");
                            }
                        }
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

    /** Runs a delivery of a job marked busy; when it ends, a claim of the job that came meanwhile is delivered next. */
    private void submit(Job job) {
        workers.submit(() -> {
            inFlight.put(job.id(), Thread.currentThread());
            try {
                deliveries.deliver(job);
            } catch (nl.zorgbrug.gateway.job.LeaseLostException e) {
                LOG.log(System.Logger.Level.WARNING, "delivery of job " + job.id() + " stopped: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "delivery of job " + job.id() + " broke off; the job is put back to"
                        + " WAITING as soon as that can be recorded: " + e, e);
                brokenOff.put(job.id(), String.valueOf(e.getMessage()));
            } finally {
                inFlight.remove(job.id());
                Job next;
                synchronized (busy) {
                    next = running ? claimedWhileBusy.remove(job.id()) : null;
                    if (next == null) {
                        busy.remove(job.id());
                    }
                }
                if (next != null) {
                    // Delivered under the new claim; what broke off before is this delivery's to settle now.
                    brokenOff.remove(job.id());
                    submit(next);
                }
                wake();
            }
        });
    }

    /**
     * The node is draining (issue 22): from now on no job is taken; deliveries running go on. Jobs that become due
     * are left to the other nodes, whose runners claim them within their look.
     */
    public void stopTaking() {
        taking = false;
    }

    /** Deliveries running now. */
    public int deliveriesRunning() {
        return inFlight.size();
    }

    /**
     * Drains the runner (issue 22): takes no more jobs, lets the deliveries running finish for at most
     * {@code finishWithin}, then asks those still running to hand their jobs back ({@link Deliveries#handBack}) and
     * waits at most {@code handBackWithin} more for them; puts back what broke off; and then hands back the jobs
     * that wait for a storage commitment report or an SFTP receipt ({@link Deliveries#handBackWaiting}), which a
     * report or receipt that came meanwhile may have finished. Leases keep being renewed meanwhile. Returns how many
     * deliveries still run at the end (their jobs pass to another node with the lease).
     */
    public int drain(Duration finishWithin, Duration handBackWithin) throws InterruptedException {
        stopTaking();
        if (!awaitNoDelivery(finishWithin)) {
            LOG.log(System.Logger.Level.INFO, inFlight.size() + " deliveries still running after " + finishWithin
                    + " of draining; they stop after the instance on the wire and hand their jobs back");
            deliveries.handBack();
            awaitNoDelivery(handBackWithin);
        }
        returnBrokenOff();
        try {
            deliveries.handBackWaiting(java.util.Set.copyOf(inFlight.keySet()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the jobs waiting for a storage commitment report or an SFTP receipt"
                    + " could not be handed back; they pass to another node when their leases end: " + e, e);
        }
        return inFlight.size();
    }

    private boolean awaitNoDelivery(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!inFlight.isEmpty() || !busy.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Puts back what broke off; what cannot be recorded yet (the database still down) is tried at the next look. */
    private void returnBrokenOff() {
        for (Map.Entry<Long, String> e : brokenOff.entrySet()) {
            if (busy.contains(e.getKey())) {
                // Its delivery has not quite ended, or a new claim of the job is delivered after it: not yet.
                continue;
            }
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
