package nl.zorgbrug.gateway.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs several changes to jobs as one unit: in the node, one database transaction (one commit, and so one
 * disk flush on PostgreSQL, instead of one per statement); in tests and benchmarks with an in-memory
 * repository, simply the work. A unit started inside another joins it.
 *
 * <p>{@link #afterCommit} is how the gateway's events reach their in-process listeners: only once the change
 * they tell of is committed, never for a change that was rolled back, and outside the transaction (so a
 * listener that changes a job again starts a unit of its own).
 */
public interface Transactions {

    <T> T inOne(Supplier<T> work);

    /** Runs {@code action} once the outermost unit running now has committed; at once when none runs. */
    void afterCommit(Runnable action);

    /** No transactions: each statement stands alone; after-commit work waits for the outermost unit to end. */
    static Transactions none() {
        return around(Supplier::get);
    }

    /** The outermost unit of work, as the storage runs it (a database transaction in the node). */
    @FunctionalInterface
    interface Unit {
        <T> T run(Supplier<T> work);
    }

    /**
     * Transactions whose outermost unit {@code outermost} runs; units inside it simply run their work (they are
     * part of it), and after-commit work is run once the outermost returned normally, in the order it was asked.
     */
    static Transactions around(Unit outermost) {
        return new Transactions() {
            // Per thread: a unit belongs to the thread that runs it, as a database transaction does.
            private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

            @Override
            public <T> T inOne(Supplier<T> work) {
                if (afterCommit.get() != null) {
                    return work.get();
                }
                List<Runnable> pending = new ArrayList<>();
                afterCommit.set(pending);
                T result;
                try {
                    result = outermost.run(work);
                } finally {
                    afterCommit.remove();
                }
                for (Runnable action : pending) {
                    action.run();
                }
                return result;
            }

            @Override
            public void afterCommit(Runnable action) {
                List<Runnable> pending = afterCommit.get();
                if (pending == null) {
                    action.run();
                } else {
                    pending.add(action);
                }
            }
        };
    }
}
