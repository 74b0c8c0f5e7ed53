package nl.zorgbrug.gateway.quarantine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * What a person does with the quarantine worklist: link a study to a local patient (the object is
 * rewritten with {@link ManualLink} and forwarded to our PACS by a job), reject it, or take the
 * original. Every action is recorded with the user and published ({@link GatewayEvent.PersonAction}) in the same
 * unit of work as the change it made.
 */
public final class QuarantineDesk {
    private final QuarantineRepository quarantine;
    private final Spool spool;
    private final JobManager jobs;
    private final JobRepository jobRepository;
    private final ManualLink link;
    private final String importDestination;
    private final Clock clock;
    private final Runnable wake;

    /** @param spool the import route's part of the spool ({@link Spool#forRoute}) */
    public QuarantineDesk(QuarantineRepository quarantine, Spool spool, JobManager jobs, JobRepository jobRepository,
                          ManualLink link, String importDestination, Clock clock, Runnable wake) {
        this.quarantine = quarantine;
        this.spool = spool;
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.link = link;
        this.importDestination = importDestination;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * Links every open object of a study to the chosen local patient and forwards them. The spooled
     * object is replaced by the linked one; its previous patient attributes stay in the Original
     * Attributes Sequence (0400,0561), which is DICOM's record of such a change.
     */
    public Job link(String studyInstanceUid, MpiPatient patient, String user) throws IOException {
        List<QuarantineItem> items = quarantine.byStudy(studyInstanceUid).stream()
                .filter(i -> "OPEN".equals(i.state())).toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("study " + studyInstanceUid + " has no open objects in the quarantine");
        }
        Instant now = clock.instant();
        List<Linked> linkedItems = new java.util.ArrayList<>();
        for (QuarantineItem item : items) {
            Path original = spool.pathOf(studyInstanceUid, item.sopInstanceUid());
            Path linked = original.resolveSibling(original.getFileName() + ".linked");
            StreamingEditor.edit(original, linked, head -> link.link(head, patient, now).edits());
            Files.move(linked, original, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String accession = Part10Reader.read(original, 0x00090000L).dataSet().getString(Tag.AccessionNumber);
            linkedItems.add(new Linked(item, accession, Files.size(original)));
        }
        // The objects are linked on disk; the jobs, the worklist and the person's action are one unit.
        Job job = jobs.atomically(() -> {
            Job joined = null;
            for (Linked l : linkedItems) {
                joined = jobs.accept(studyInstanceUid, importDestination, Direction.IMPORT, l.accession(),
                        new JobInstance(0, l.item().sopInstanceUid(), l.item().sopClassUid(), l.size(), -1, false, false),
                        Duration.ZERO);
                jobRepository.recordPatient(joined.id(), l.item().patientName(), patient.localId());
                quarantine.decide(l.item().id(), "LINKED", user, now);
            }
            String why = "quarantine: " + items.size() + " objects linked to local patient " + patient.localId();
            jobRepository.recordEvent(joined.id(), user, "link", why, now);
            jobs.events().publish(new GatewayEvent.PersonAction(user, "link", why, joined.id(), studyInstanceUid, now));
            return joined;
        });
        wake.run();
        return job;
    }

    /** A quarantined object rewritten for its local patient, waiting to join the import job. */
    private record Linked(QuarantineItem item, String accession, long size) {
    }

    /** Rejects the open objects of a study: they are not imported; the originals leave the spool. */
    public int reject(String studyInstanceUid, String user) throws IOException {
        Instant now = clock.instant();
        List<QuarantineItem> open = quarantine.byStudy(studyInstanceUid).stream()
                .filter(i -> "OPEN".equals(i.state())).toList();
        jobs.atomically(() -> {
            for (QuarantineItem item : open) {
                quarantine.decide(item.id(), "REJECTED", user, now);
            }
            if (!open.isEmpty()) {
                jobs.events().publish(new GatewayEvent.PersonAction(user, "reject", "quarantine: " + open.size()
                        + " objects rejected", null, studyInstanceUid, now));
            }
            return null;
        });
        // After the commit: an original whose removal a crash prevents stays known to the worklist (REJECTED).
        for (QuarantineItem item : open) {
            spool.remove(studyInstanceUid, item.sopInstanceUid());
        }
        return open.size();
    }

    /** The spooled original of an open item, for download. */
    public Path original(long itemId) {
        QuarantineItem item = quarantine.find(itemId)
                .orElseThrow(() -> new IllegalArgumentException("no quarantine item " + itemId));
        return spool.pathOf(item.studyInstanceUid(), item.sopInstanceUid());
    }
}
