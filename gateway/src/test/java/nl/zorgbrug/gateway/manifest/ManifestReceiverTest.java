package nl.zorgbrug.gateway.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.route.Route;

/** The receiving side alone: an instance the sender announced but that never came keeps the job waiting. */
class ManifestReceiverTest {
    static final String STUDY = ManifestBuilderTest.STUDY;
    static final Duration QUIET = Duration.ofHours(1);

    @TempDir
    Path tmp;

    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final InMemoryManifestRepository manifests = new InMemoryManifestRepository();
    private final JobManager manager = new JobManager(jobs, new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 3),
            Clock.systemUTC());
    private final ManifestReceiver receiver = new ManifestReceiver(manager, jobs, manifests, Clock.systemUTC());
    private final Route importing = new Route("import", "ZB_IMPORT", Direction.IMPORT, "ownpacs", false, List.of());

    private Job arrive(String sopInstanceUid, String sopClassUid, Path file) throws Exception {
        Job job = manager.accept(STUDY, "ownpacs", Direction.IMPORT, "ACC-77",
                new JobInstance(0, sopInstanceUid, sopClassUid, 1000, -1, false, false), QUIET);
        receiver.on(joined(job, importing, sopInstanceUid, sopClassUid, file));
        return manager.get(job.id());
    }

    /** What the intake publishes once an object joined its job ({@code file} null: an image never read here). */
    private GatewayEvent.JoinedJob joined(Job job, Route route, String sopInstanceUid, String sopClassUid, Path file) {
        Path spooled = file == null ? tmp.resolve(sopInstanceUid + ".dcm") : file;
        return new GatewayEvent.JoinedJob(job.id(), job.destination(), route.direction(), route.name(), STUDY,
                sopInstanceUid, sopClassUid, spooled.toString(), 1000, false, job.state(), Instant.now());
    }

    @Test
    void theJobIsDueOnlyWhenEveryAnnouncedInstanceIsInAndShowsWhatIsMissing() throws Exception {
        List<StudyManifest.Reference> refs = ManifestBuilderTest.references();
        StudyManifest m = new StudyManifest(ManifestUids.ROOT + ".55", STUDY, "Opmerking", "Verwijzing", refs);
        Path kos = tmp.resolve("kos.dcm");
        Part10Writer.write(ManifestBuilder.build(ManifestBuilderTest.source(), m, ManifestUids.ROOT + ".56",
                LocalDateTime.now(), "NODE_A"), kos);

        arrive(refs.get(0).sopInstanceUid(), refs.get(0).sopClassUid(), null);
        arrive(refs.get(1).sopInstanceUid(), refs.get(1).sopClassUid(), null);
        Job afterManifest = arrive(m.sopInstanceUid(), ManifestBuilder.KEY_OBJECT_SELECTION, kos);
        arrive(refs.get(2).sopInstanceUid(), refs.get(2).sopClassUid(), null);

        // Remark and referral on the job; three of four announced instances in: still the quiet time.
        Job job = manager.get(afterManifest.id());
        assertThat(job.remark()).isEqualTo("Opmerking");
        assertThat(job.referralReason()).isEqualTo("Verwijzing");
        assertThat(job.state()).isEqualTo(JobState.WAITING);
        assertThat(job.notBefore()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        Reconciliation r = Reconciliation.of(manifests.find(job.id()).orElseThrow(), jobs.instances(job.id()));
        assertThat(r.announced()).isEqualTo(4);
        assertThat(r.present()).isEqualTo(3);
        assertThat(r.missing()).containsExactly(refs.get(3).sopInstanceUid());
        assertThat(r.complete()).isFalse();

        // The last one comes: due now.
        Job done = arrive(refs.get(3).sopInstanceUid(), refs.get(3).sopClassUid(), null);
        assertThat(done.notBefore()).isBefore(Instant.now().plusSeconds(1));
        assertThat(jobs.events()).anyMatch(e -> e.contains("complete") && e.contains("all 4 instances announced"));
        assertThat(Reconciliation.of(manifests.find(job.id()).orElseThrow(), jobs.instances(job.id())).complete()).isTrue();
    }

    @Test
    void anInstanceTheSenderDidNotAnnounceIsShownAsSuch() {
        StudyManifest m = new StudyManifest(ManifestUids.ROOT + ".57", STUDY, null, null,
                ManifestBuilderTest.references().subList(0, 1));
        Reconciliation r = Reconciliation.of(m, List.of(
                new JobInstance(1, ManifestBuilderTest.references().get(0).sopInstanceUid(), "x", 1, 0, true, false),
                new JobInstance(1, "2.25.999", "x", 1, 0, true, false),
                new JobInstance(1, m.sopInstanceUid(), ManifestBuilder.KEY_OBJECT_SELECTION, 1, 0, true, false)));
        assertThat(r.unannounced()).containsExactly("2.25.999");
        assertThat(r.complete()).isTrue();
    }

    @Test
    void exportRoutesAndOrdinaryObjectsAreLeftAlone() throws Exception {
        Route export = new Route("export", "ZB_EXPORT", Direction.EXPORT, "ownpacs", false, List.of());
        Job job = manager.accept(STUDY, "ownpacs", Direction.IMPORT, null,
                new JobInstance(0, "2.25.1", "1.2.840.10008.5.1.4.1.1.2", 1, -1, false, false), QUIET);
        receiver.on(joined(job, export, "2.25.1", "1.2.840.10008.5.1.4.1.1.2", null));
        receiver.on(joined(job, importing, "2.25.1", "1.2.840.10008.5.1.4.1.1.2", null));
        assertThat(manifests.find(job.id())).isEmpty();
        assertThat(manager.get(job.id()).notBefore()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
    }

    @Test
    void policies() {
        assertThat(ManifestPolicy.ALWAYS.wants(null, null)).isTrue();
        assertThat(ManifestPolicy.WITH_REMARK.wants(null, " ")).isFalse();
        assertThat(ManifestPolicy.WITH_REMARK.wants(null, "verwijzing")).isTrue();
        assertThat(ManifestPolicy.WITH_REMARK.wants("opmerking", null)).isTrue();
        assertThat(ManifestPolicy.NEVER.wants("opmerking", "verwijzing")).isFalse();
    }
}
