package nl.zorgbrug.registry.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;

import nl.zorgbrug.registry.model.Submission;

/**
 * Where the registry keeps its metadata. {@link #store} is one unit of work: all of a submission or nothing, and
 * the deprecation of replaced entries in the same unit (ITI TF-2 §3.42.4.1.3).
 */
public interface MetadataStore {

    /** The digest of the stored submission with this SubmissionSet uniqueId, if any. */
    Optional<String> submissionDigest(String submissionSetUniqueId);

    /** Those of the given DocumentEntry uniqueIds that the registry already holds. */
    List<String> knownDocumentUniqueIds(Collection<String> uniqueIds);

    /** Stores a submission whole; throws {@link ConflictException} when a replaced entry is no longer Approved. */
    void store(Submission submission);

    /** Entries by entryUUID. */
    List<StoredEntry> entriesByUuid(Collection<String> entryUuids);

    /** Entries by uniqueId. */
    List<StoredEntry> entriesByUniqueId(Collection<String> uniqueIds);

    /** Entries matching a FindDocuments query, newest service start first. */
    List<StoredEntry> find(DocumentCriteria criteria, int limit);

    /** The Associations whose source or target is one of these entryUUIDs. */
    List<Association> associationsOf(Collection<String> entryUuids);

    /** A replacement lost a race: between the check and the store another submission deprecated the entry. */
    final class ConflictException extends RuntimeException {
        public ConflictException(String message) {
            super(message);
        }
    }
}
