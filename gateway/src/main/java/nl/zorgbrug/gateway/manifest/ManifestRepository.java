package nl.zorgbrug.gateway.manifest;

import java.time.Instant;
import java.util.Optional;

/**
 * The manifest of each job: for an export job the one this node sent, for an import job the one the sending
 * Zorgbrug node sent. A job has at most one; a newer one (the study grew) replaces it. A database in the node
 * (app module), a map in tests.
 */
public interface ManifestRepository {

    /** Records (or replaces) the manifest of a job, with its references, at once. */
    void record(long jobId, StudyManifest manifest, Instant at);

    Optional<StudyManifest> find(long jobId);
}
