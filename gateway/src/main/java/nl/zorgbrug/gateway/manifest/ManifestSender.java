package nl.zorgbrug.gateway.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.delivery.CStoreTransport;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * The sending side of the study manifest: when every instance of an export job has been acknowledged,
 * the manifest is built from the job's instances and one of the study's spooled originals, written to the
 * spool and added to the job as its last instance, so the delivery sends it on the same association —
 * through the route's steps, so the export swap puts the BSN in (0010,0020) as on every other object —
 * and it is in the job's delivery proof and survives a crash.
 *
 * <p>Only for export jobs whose route's {@link ManifestPolicy} wants one. On an emergency route images go out
 * as they arrive and there is no end of the study to wait for; the manifest goes at the end of each burst (when
 * the delivery has sent everything and no further image came within the route's linger), listing every instance
 * sent so far. A later burst ends with a new manifest that lists them all, which replaces the earlier one at a
 * receiving node. So a remark ("thrombectomy candidate, call the neurologist") reaches the receiver with the first
 * images of an emergency study, not after it.
 */
public final class ManifestSender implements CStoreTransport.LastInstances {
    private static final System.Logger LOG = System.getLogger(ManifestSender.class.getName());
    /** Reading a header up to the Series Instance UID (0020,000E) is enough for the evidence. */
    private static final long AFTER_SERIES_UID = Tag.SeriesInstanceUID + 1L;

    private final Spool spool;
    private final JobRepository jobs;
    private final ManifestRepository manifests;
    private final Function<String, ManifestPolicy> policyOfRoute;
    private final String node;
    private final Clock clock;

    /**
     * @param policyOfRoute the manifest policy by route name
     * @param node          our AE title: part of the manifest UID, and the source AE in its File Meta Information
     */
    public ManifestSender(Spool spool, JobRepository jobs, ManifestRepository manifests,
                          Function<String, ManifestPolicy> policyOfRoute, String node, Clock clock) {
        this.spool = spool;
        this.jobs = jobs;
        this.manifests = manifests;
        this.policyOfRoute = policyOfRoute;
        this.node = node;
        this.clock = clock;
    }

    private boolean wanted(Job job, Route route) {
        return job.direction() == Direction.EXPORT
                && policyOfRoute.apply(route.name()).wants(job.remark(), job.referralReason());
    }

    /** The Key Object Selection class is offered when the association opens, so the manifest can go on it. */
    @Override
    public List<StoreScu.FileInfo> proposed(Job job, Route route) {
        if (!wanted(job, route)) {
            return List.of();
        }
        return List.of(new StoreScu.FileInfo(null, ManifestBuilder.KEY_OBJECT_SELECTION, "",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @Override
    public boolean addTo(Job job, Route route, Association association) throws IOException {
        if (!wanted(job, route)) {
            return false;
        }
        Job current = jobs.find(job.id()).orElse(job);
        List<JobInstance> all = jobs.instances(job.id());
        List<JobInstance> content = new ArrayList<>();
        for (JobInstance i : all) {
            if (!i.acknowledged()) {
                return false; // only once the receiver has every instance (the loop ends; the job is retried)
            }
            if (!ManifestUids.isOurs(i.sopInstanceUid())) {
                content.add(i);
            }
        }
        if (content.isEmpty()) {
            return false;
        }
        String uid = ManifestUids.manifest(node, job.id(), job.studyInstanceUid(), job.destination(), current.remark(),
                current.referralReason(), content.stream().map(JobInstance::sopInstanceUid).toList());
        if (all.stream().anyMatch(i -> i.sopInstanceUid().equals(uid))) {
            return false; // sent already (or on its way in this delivery)
        }
        if (association != null && !association.isClosed() && !accepts(association)) {
            jobs.recordEvent(job.id(), "system", "manifest", "not sent: " + association.peer()
                    + " accepted no presentation context for Key Object Selection Document Storage", clock.instant());
            return false;
        }
        Spool routeSpool = spool.forRoute(route.name());
        Map<String, StudyManifest.Reference> known = new HashMap<>();
        manifests.find(job.id()).ifPresent(m -> m.references().forEach(r -> known.put(r.sopInstanceUid(), r)));
        List<StudyManifest.Reference> refs = new ArrayList<>();
        DataSet source = null;
        for (JobInstance i : content) {
            Optional<Path> original = routeSpool.find(job.studyInstanceUid(), i.sopInstanceUid());
            if (source == null && original.isPresent()) {
                source = Part10Reader.read(original.get(), StreamingEditor.HEAD_END).dataSet();
            }
            StudyManifest.Reference r = known.get(i.sopInstanceUid());
            if (r == null && original.isPresent()) {
                String series = Part10Reader.read(original.get(), AFTER_SERIES_UID).dataSet()
                        .getString(Tag.SeriesInstanceUID);
                r = series == null ? null : new StudyManifest.Reference(series, i.sopClassUid(), i.sopInstanceUid());
            }
            if (r == null) {
                LOG.log(System.Logger.Level.WARNING, "job " + job.id() + ": instance " + i.sopInstanceUid()
                        + " left out of the manifest: its series is unknown (no longer in the spool, not in an earlier manifest)");
                continue;
            }
            refs.add(r);
        }
        if (source == null || refs.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "job " + job.id() + ": no manifest sent, none of the study's objects"
                    + " is still in the spool to take the patient and study from");
            return false;
        }
        StudyManifest manifest = new StudyManifest(uid, job.studyInstanceUid(), current.remark(),
                current.referralReason(), refs);
        DicomFile file = ManifestBuilder.build(source, manifest, ManifestUids.series(uid),
                LocalDateTime.now(clock), node);
        SpooledObject spooled = routeSpool.store(job.studyInstanceUid(), uid, out -> Part10Writer.write(file, out));
        manifests.record(job.id(), manifest, clock.instant());
        jobs.addInstance(new JobInstance(job.id(), uid, ManifestBuilder.KEY_OBJECT_SELECTION, spooled.size(), -1,
                false, false));
        jobs.recordEvent(job.id(), "system", "manifest", uid + " with " + refs.size() + " instances", clock.instant());
        return true;
    }

    private static boolean accepts(Association association) {
        return association.acceptedContexts().values().stream()
                .anyMatch(pc -> pc.abstractSyntax().equals(ManifestBuilder.KEY_OBJECT_SELECTION));
    }
}
