package nl.zorgbrug.gateway.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * The receiving side of the study manifest, on import routes: a Zorgbrug manifest that joins a job gives the
 * job the sender's remark and referral reason and the list of instances the sender announced; when every
 * announced instance is in, the job is due at once ({@link JobManager#markComplete}) instead of after the
 * quiet time. The manifest itself stays an instance of the job and goes to our PACS with the others (after
 * the import swap), so the radiologist sees the remark.
 */
public final class ManifestReceiver implements GatewayStoreHandler.JobJoined {
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
    public void joined(Job job, Route route, SpooledObject spooled, DataSet head) throws IOException {
        if (route.direction() != Direction.IMPORT) {
            return;
        }
        Optional<StudyManifest> manifest;
        if (ManifestBuilder.isManifest(head) && Files.size(spooled.path()) <= MAX_MANIFEST_BYTES) {
            DataSet whole = Part10Reader.read(spooled.path()).dataSet();
            manifest = ManifestBuilder.read(whole).map(m -> new StudyManifest(m.sopInstanceUid(), m.studyInstanceUid(),
                    cut(m.remark()), cut(m.referralReason()), m.references()));
            if (manifest.isPresent()) {
                StudyManifest m = manifest.get();
                manifests.record(job.id(), m, clock.instant());
                manager.annotate(job.id(), m.remark(), m.referralReason(), "manifest " + m.sopInstanceUid());
            }
        } else {
            manifest = manifests.find(job.id());
        }
        if (manifest.isPresent()) {
            completeIfAllIn(job.id(), manifest.get());
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
