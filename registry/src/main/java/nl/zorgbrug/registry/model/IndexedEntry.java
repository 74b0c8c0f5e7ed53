package nl.zorgbrug.registry.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;

import nl.zorgbrug.bsn.Bsn;

/**
 * The columns a DocumentEntry is found by (ITI TF-2 §3.18.4.1.2.3.7.1, FindDocuments, and §3.18.4.1.2.3.7.14,
 * FindDocumentsByReferenceId): patient, status, classCode, typeCode, eventCodeList (for XDS-I.b the modality,
 * RAD TF-3 §4.68.4.1.2.3.2), serviceStartTime, the referenceIdList (studyInstanceUID and accession with its
 * issuer, ITI TF-3 Table 4.2.3.2-1), repositoryUniqueId and homeCommunityId. The full metadata is kept beside them.
 */
public record IndexedEntry(String entryUuid, String uniqueId, String logicalUuid, Bsn bsn, AvailabilityStatus status,
                           DocumentEntryType entryType, CodeValue classCode, CodeValue typeCode, List<CodeValue> eventCodes,
                           Instant serviceStart, List<Reference> referenceIds, String repositoryUniqueId,
                           String homeCommunityId) {

    public IndexedEntry {
        Objects.requireNonNull(entryUuid, "entryUuid");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(bsn, "bsn");
        Objects.requireNonNull(status, "status");
        eventCodes = List.copyOf(eventCodes);
        referenceIds = List.copyOf(referenceIds);
    }

    /** A code and its coding scheme (ebRIM Classification with its codingScheme slot). */
    public record CodeValue(String code, String scheme) {
        public static CodeValue of(Code code) {
            return code == null ? null : new CodeValue(code.getCode(), code.getSchemeName());
        }

        public boolean matches(Code query) {
            return query != null && Objects.equals(code, query.getCode())
                    && (query.getSchemeName() == null || Objects.equals(scheme, query.getSchemeName()));
        }
    }

    /** One entry of the referenceIdList: CXi value, its type (CXi.5) and the assigning authority's OID (CXi.4). */
    public record Reference(String value, String type, String issuer) {
        public static Reference of(ReferenceId id) {
            String issuer = id.getAssigningAuthority() == null ? null : id.getAssigningAuthority().getUniversalId();
            return new Reference(id.getId(), id.getIdTypeCode(), issuer);
        }
    }

    /** The index of an entry whose patient id is the given BSN. */
    public static IndexedEntry of(DocumentEntry entry, Bsn bsn) {
        return new IndexedEntry(entry.getEntryUuid(), entry.getUniqueId(),
                entry.getLogicalUuid() == null ? entry.getEntryUuid() : entry.getLogicalUuid(), bsn,
                entry.getAvailabilityStatus() == null ? AvailabilityStatus.APPROVED : entry.getAvailabilityStatus(),
                entry.getType() == null ? DocumentEntryType.STABLE : entry.getType(),
                CodeValue.of(entry.getClassCode()), CodeValue.of(entry.getTypeCode()),
                entry.getEventCodeList().stream().map(CodeValue::of).toList(),
                entry.getServiceStartTime() == null ? null : entry.getServiceStartTime().getDateTime().toInstant(),
                entry.getReferenceIdList().stream().map(Reference::of).toList(),
                entry.getRepositoryUniqueId(), entry.getHomeCommunityId());
    }
}
