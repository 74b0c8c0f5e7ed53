package nl.zorgbrug.gateway.job;

import java.util.function.Supplier;

/**
 * Runs several changes to jobs as one unit: in the node, one database transaction (one commit, and so one
 * disk flush on PostgreSQL, instead of one per statement); in tests and benchmarks with an in-memory
 * repository, simply the work.
 */
public interface Transactions {

    <T> T inOne(Supplier<T> work);

    /** No transactions: each statement stands alone. */
    static Transactions none() {
        return new Transactions() {
            @Override
            public <T> T inOne(Supplier<T> work) {
                return work.get();
            }
        };
    }
}
