package nl.zorgbrug.registry.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;

import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.IndexedEntry;
import nl.zorgbrug.registry.model.Submission;

/**
 * A metadata store in memory, for tests of the registry's rules and for a node without a database; keeps the
 * ebRIM text as the database store does, so what comes back is read, not the objects that went in.
 */
public final class InMemoryMetadataStore implements MetadataStore {
    private final Map<String, String> digests = new HashMap<>();
    private final Map<String, IndexedEntry> index = new LinkedHashMap<>();
    private final Map<String, String> ebrim = new HashMap<>();
    private final Map<String, String> associations = new LinkedHashMap<>();

    @Override
    public synchronized Optional<String> submissionDigest(String submissionSetUniqueId) {
        return Optional.ofNullable(digests.get(submissionSetUniqueId));
    }

    @Override
    public synchronized List<String> knownDocumentUniqueIds(Collection<String> uniqueIds) {
        Set<String> wanted = new HashSet<>(uniqueIds);
        return index.values().stream().map(IndexedEntry::uniqueId).filter(wanted::contains).toList();
    }

    @Override
    public synchronized void store(Submission s) {
        if (digests.containsKey(s.submissionSet().getUniqueId())) {
            throw new ConflictException("SubmissionSet " + s.submissionSet().getUniqueId() + " is already stored");
        }
        for (String uuid : s.deprecates()) {
            IndexedEntry old = index.get(uuid);
            if (old == null || old.status() != AvailabilityStatus.APPROVED) {
                throw new ConflictException("DocumentEntry " + uuid + " was deprecated by another submission meanwhile;"
                        + " query its current version and replace that.");
            }
        }
        for (String uuid : s.deprecates()) {
            IndexedEntry old = index.get(uuid);
            index.put(uuid, new IndexedEntry(old.entryUuid(), old.uniqueId(), old.logicalUuid(), old.bsn(),
                    AvailabilityStatus.DEPRECATED, old.entryType(), old.classCode(), old.typeCode(), old.eventCodes(),
                    old.serviceStart(), old.referenceIds(), old.repositoryUniqueId(), old.homeCommunityId()));
        }
        digests.put(s.submissionSet().getUniqueId(), s.digest());
        for (int i = 0; i < s.entries().size(); i++) {
            IndexedEntry e = s.index().get(i);
            index.put(e.entryUuid(), e);
            ebrim.put(e.entryUuid(), EbRim.of(s.entries().get(i)));
        }
        for (Association a : s.associations()) {
            associations.put(a.getEntryUuid(), EbRim.of(a));
        }
    }

    @Override
    public synchronized List<StoredEntry> entriesByUuid(Collection<String> entryUuids) {
        return entryUuids.stream().distinct().filter(index::containsKey).map(this::stored).toList();
    }

    @Override
    public synchronized List<StoredEntry> entriesByUniqueId(Collection<String> uniqueIds) {
        Set<String> wanted = new HashSet<>(uniqueIds);
        return index.values().stream().filter(e -> wanted.contains(e.uniqueId()))
                .map(e -> stored(e.entryUuid())).toList();
    }

    @Override
    public synchronized List<StoredEntry> find(DocumentCriteria criteria, int limit) {
        return index.values().stream().filter(criteria::matches)
                .sorted(Comparator.comparing(IndexedEntry::serviceStart, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit).map(e -> stored(e.entryUuid())).toList();
    }

    @Override
    public synchronized List<Association> associationsOf(Collection<String> entryUuids) {
        Set<String> wanted = new HashSet<>(entryUuids);
        List<Association> found = new ArrayList<>();
        for (String xml : associations.values()) {
            Association a = EbRim.association(xml);
            if (wanted.contains(a.getSourceUuid()) || wanted.contains(a.getTargetUuid())) {
                found.add(a);
            }
        }
        return found;
    }

    private StoredEntry stored(String uuid) {
        IndexedEntry e = index.get(uuid);
        return new StoredEntry(e.entryUuid(), e.logicalUuid(), e.bsn(), e.status(), e.entryType(), ebrim.get(uuid));
    }
}
