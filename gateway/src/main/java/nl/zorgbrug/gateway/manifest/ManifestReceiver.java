package nl.zorgbrug.gateway.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * The receiving side of the study manifest, on import routes: a Zorgbrug manifest that joins a job gives the
 * job the sender's remark and referral reason and the list of instances the sender announced; when every
 * announced instance is in, the job is due at once ({@link JobManager#markComplete}) instead of after the
 * quiet time. The manifest itself stays an instance of the job and goes to our PACS with the others (after
 * the import swap), so the radiologist sees the remark.
 *
 * <p>It listens to the gateway's events ({@link GatewayEvent.JoinedJob}), in process: after the object's job is
 * committed. A failure is logged; the object is safe and its sender has heard Success.
 */
public final class ManifestReceiver implements GatewayEvents.Listener {
    /** A manifest of 10,000 instances is about 3 MB; anything far larger is not ours to parse in memory. */
    static final long MAX_MANIFEST_BYTES = 64L * 1024 * 1024;
    /** The job table's limit for remark and referral reason (V1__jobs.sql). */
    static final int MAX_TEXT = 2000;

    private final JobManager manager;
    private final JobRepository jobs;
    private final ManifestRepository manifests;
    private final Clock clock;

    public ManifestReceiver(JobManager manager, JobRepository jobs, ManifestRepository manifests, Clock clock) {
        this.manager = manager;
        this.jobs = jobs;
        this.manifests = manifests;
        this.clock = clock;
    }

    @Override
    public void on(GatewayEvent event) throws IOException {
        if (!(event instanceof GatewayEvent.JoinedJob joined) || joined.direction() != Direction.IMPORT) {
            return;
        }
        Optional<StudyManifest> arrived = Optional.empty();
        Path spooled = Path.of(joined.spoolPath());
        // Only a Key Object Selection Document can be a manifest: any other object is not read again.
        if (ManifestBuilder.KEY_OBJECT_SELECTION.equals(joined.sopClassUid())
                && Files.size(spooled) <= MAX_MANIFEST_BYTES) {
            DataSet whole = Part10Reader.read(spooled).dataSet();
            arrived = ManifestBuilder.read(whole).map(m -> new StudyManifest(m.sopInstanceUid(), m.studyInstanceUid(),
                    cut(m.remark()), cut(m.referralReason()), m.references()));
        }
        Optional<StudyManifest> manifest;
        if (arrived.isPresent()) {
            StudyManifest m = arrived.get();
            manifests.record(joined.jobId(), m, clock.instant());
            manager.annotate(joined.jobId(), m.remark(), m.referralReason(), "manifest " + m.sopInstanceUid());
            manifest = arrived;
        } else {
            manifest = manifests.find(joined.jobId());
        }
        if (manifest.isPresent()) {
            completeIfAllIn(joined.jobId(), manifest.get());
        }
    }

    /** Every announced instance is in the job: it is due now. */
    void completeIfAllIn(long jobId, StudyManifest manifest) {
        Set<String> have = new HashSet<>();
        for (JobInstance i : jobs.instances(jobId)) {
            have.add(i.sopInstanceUid());
        }
        if (have.contains(manifest.sopInstanceUid()) && have.containsAll(manifest.sopInstanceUids())) {
            manager.markComplete(jobId, "all " + manifest.references().size()
                    + " instances announced by the sender's manifest " + manifest.sopInstanceUid() + " are in");
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
