package nl.zorgbrug.gateway.inbound;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The lines a logger writes while a test runs (the gateway logs through {@link System.Logger}, which without
 * another provider is java.util.logging), so a test can assert what an administrator reads, and what not.
 */
public final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            StringBuilder line = new StringBuilder(r.getLevel() + " " + format.formatMessage(r));
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                line.append(" caused by ").append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts collecting what the logger of this class writes. */
    public static LogLines of(Class<?> source) {
        return new LogLines(Logger.getLogger(source.getName()));
    }

    private LogLines(Logger logger) {
        this.logger = logger;
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
