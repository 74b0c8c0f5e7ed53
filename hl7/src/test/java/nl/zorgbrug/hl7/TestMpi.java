package nl.zorgbrug.hl7;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import nl.zorgbrug.bsn.mpi.InMemoryMpiStore;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.merge.InMemoryMergedPatients;
import nl.zorgbrug.gateway.merge.PatientMerge;
import nl.zorgbrug.hl7.adt.AdtReceiver;
import nl.zorgbrug.hl7.adt.AdtSettings;
import nl.zorgbrug.hl7.feed.PatientFeed;

/**
 * An MPI in memory whose transactions roll back like the database's: a unit that throws leaves the patients as they
 * were, so "nothing partial is applied" can be tested without a database.
 */
public final class TestMpi {
    public static final String LOCAL_AUTHORITY = "ZHVB";
    public static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZONE);

    public final InMemoryMpiStore mpi = new InMemoryMpiStore();
    public int changes;
    public final Transactions transactions = Transactions.around(new Transactions.Unit() {
        @Override
        public <T> T run(Supplier<T> work) {
            List<MpiPatient> before = mpi.all();
            try {
                return work.get();
            } catch (RuntimeException e) {
                mpi.replaceAll(before);
                throw e;
            }
        }
    });
    /** What the gateway holds under patient numbers, and the history of its jobs. */
    public final InMemoryJobRepository jobs = new InMemoryJobRepository();
    public final InMemoryMergedPatients held = new InMemoryMergedPatients(jobs);
    public final PatientFeed feed = new PatientFeed(new PatientFeed.Ports(mpi, LOCAL_ISSUER, transactions, CLOCK,
            () -> changes++, new PatientMerge(held, GatewayEvents.none(), CLOCK)));

    public AdtReceiver receiver(AdtSettings settings) {
        return new AdtReceiver(settings, feed, CLOCK, ZONE);
    }

    public AdtReceiver receiver() {
        return receiver(AdtSettings.of(LOCAL_AUTHORITY));
    }

    public MpiPatient patient(String localId) {
        return mpi.byLocalId(localId, LOCAL_ISSUER).orElseThrow(() -> new AssertionError(localId + " not in the MPI"));
    }
}
