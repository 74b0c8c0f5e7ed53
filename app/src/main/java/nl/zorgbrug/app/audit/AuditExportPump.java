package nl.zorgbrug.app.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import nl.zorgbrug.audit.export.AuditExporter;
import nl.zorgbrug.audit.export.ExportStatus;

/**
 * Runs the audit exporters every {@code zorgbrug.audit.export.interval} on one thread of their own, off every
 * other path: a repository that is slow or down delays only its own export, never the gateway or the trail.
 * Stops after the {@link AuditPump} (a lower phase), so the events the pump writes at shutdown are offered once
 * more before the node exits; what does not go then goes after the next start.
 */
public final class AuditExportPump implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditExportPump.class);

    private final List<AuditExporter> exporters;
    private final Duration interval;
    private ScheduledExecutorService executor;

    AuditExportPump(List<AuditExporter> exporters, Duration interval) {
        this.exporters = List.copyOf(exporters);
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (exporters.isEmpty()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-export");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::exportDue, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        for (AuditExporter e : exporters) {
            LOG.info("audit export to {} started; {} records wait (audit-export naar {} gestart)", e.repositoryName(),
                    e.backlog(), e.repositoryName());
        }
    }

    /** One pass over every repository; a failure of one is logged and does not stop the others. */
    public void exportDue() {
        for (AuditExporter exporter : exporters) {
            try {
                exporter.exportDue();
            } catch (RuntimeException e) {
                LOG.error("audit export to {}: {}; the records stay in the trail and go at a later pass",
                        exporter.repositoryName(), e.getMessage());
            }
        }
    }

    /** Where each export stands (for the console and tests). */
    public List<ExportStatus> status() {
        return exporters.stream().map(AuditExporter::status).toList();
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        exportDue();
        exporters.forEach(AuditExporter::close);
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Lower than the AuditPump's: started before it, stopped after it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 500;
    }
}
