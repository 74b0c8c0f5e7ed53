package nl.zorgbrug.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * Takes due jobs ({@link JobRepository#due}: WAITING ones whose time has come, and FAILED ones whose automatic
 * retry is due) and delivers them, a few at a time. It looks every {@code interval}, and at once
 * when {@link #wake()} is called (emergency routes call it for each spooled object).
 */
public final class JobRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    private final JobRepository jobs;
    private final Function<Job, Job> deliver;
    private final Clock clock;
    private final Duration interval;
    private final ExecutorService workers;
    private final Thread loop;
    private final Object signal = new Object();
    private final java.util.Set<Long> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private boolean woken;

    public JobRunner(JobRepository jobs, Function<Job, Job> deliver, Clock clock, Duration interval, int parallel) {
        this.jobs = jobs;
        this.deliver = deliver;
        this.clock = clock;
        this.interval = interval;
        this.workers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "zorgbrug-delivery");
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "zorgbrug-job-runner");
        loop.setDaemon(true);
    }

    public JobRunner start() {
        loop.start();
        return this;
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
                List<Job> due = jobs.due(clock.instant(), 20);
                for (Job job : due) {
                    if (busy.add(job.id())) {
                        workers.submit(() -> {
                            try {
                                deliver.apply(job);
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.ERROR, "delivery of job " + job.id() + " failed", e);
                            } finally {
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

    @Override
    public void close() {
        running = false;
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
