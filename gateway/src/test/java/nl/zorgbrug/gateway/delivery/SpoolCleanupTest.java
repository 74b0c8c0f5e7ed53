package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The clean-up after a delivery never removes a correction (issue 15): when the delivered original has already left
 * the spool, a corrected resend is stored under the first version's name again, and a clean-up whose list of
 * instances was read just before the intake recorded the correction still says "version 1, acknowledged".
 */
class SpoolCleanupTest {
    private static final String STUDY = "2.25.880";
    private static final String SOP = "2.25.880.1";

    @TempDir
    Path tmp;

    @Test
    void aCorrectionRecordedAfterTheListWasReadStays() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());
        Spool routeSpool = spool.forRoute("export");
        Job job = new Job(7, STUDY, "umcx", Direction.EXPORT, nl.zorgbrug.gateway.job.JobState.DONE, null, null, null,
                null, null, 1, Instant.EPOCH, null, Instant.EPOCH, Instant.EPOCH);
        JobInstance deliveredOriginal = new JobInstance(7, SOP, "1.2.840.10008.5.1.4.1.1.2", 3, 0, true, false);

        // The list is read; while it is being read the corrected object arrives and the intake records it, so the
        // list handed to the clean-up is the one from before the correction.
        JobRepository stale = repository(() -> {
            routeSpool.receiving(SOP);
            try {
                routeSpool.store(STUDY, SOP, new ByteArrayInputStream(new byte[] {4, 5, 6}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                routeSpool.settled(SOP);
            }
            return List.of(deliveredOriginal);
        });

        new SpoolCleanup(spool, stale, j -> route).removeDelivered(job, false);

        assertThat(routeSpool.find(STUDY, SOP)).as("the correction is still in the spool").isPresent();
        assertThat(Files.readAllBytes(routeSpool.find(STUDY, SOP).get())).containsExactly(4, 5, 6);

        // The next clean-up reads the list again; with the original still acknowledged and nothing received since,
        // it removes what the list says was delivered.
        new SpoolCleanup(spool, repository(() -> List.of(deliveredOriginal)), j -> route).removeDelivered(job, false);
        assertThat(routeSpool.find(STUDY, SOP)).isEmpty();
    }

    @Test
    void nothingIsRemovedWhileTheObjectIsBeingReceived() throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        Spool routeSpool = spool.forRoute("export");
        routeSpool.store(STUDY, SOP, new ByteArrayInputStream(new byte[] {1}));
        long listedAt = routeSpool.now();

        routeSpool.receiving(SOP);
        assertThat(routeSpool.removeUpTo(STUDY, SOP, 1, listedAt)).isFalse();
        routeSpool.settled(SOP);
        assertThat(routeSpool.removeUpTo(STUDY, SOP, 1, listedAt)).as("settled after the list was read").isFalse();
        assertThat(routeSpool.removeUpTo(STUDY, SOP, 1, routeSpool.now())).isTrue();
        assertThat(routeSpool.find(STUDY, SOP)).isEmpty();
    }

    private interface Instances {
        List<JobInstance> read();
    }

    /** A job repository whose only answer is the job's instances, read by {@code instances}. */
    private static JobRepository repository(Instances instances) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("instances")) {
                        return instances.read();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
