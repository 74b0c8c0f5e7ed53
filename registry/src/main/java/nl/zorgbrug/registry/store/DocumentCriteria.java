package nl.zorgbrug.registry.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.IndexedEntry;
import nl.zorgbrug.registry.model.IndexedEntry.CodeValue;
import nl.zorgbrug.registry.model.IndexedEntry.Reference;

/**
 * The indexed parameters of FindDocuments and FindDocumentsByReferenceId (ITI TF-2 §3.18.4.1.2.3.7.1 and .14):
 * within a list the values are OR-ed, between parameters AND-ed; eventCodes and referenceIds are lists of such
 * OR-lists, AND-ed together (§3.18.4.1.2.3.5, "AND/OR semantics"). An empty list does not restrict.
 *
 * @param serviceStartFrom inclusive lower bound ($XDSDocumentEntryServiceStartTimeFrom), or null
 * @param serviceStartTo   exclusive upper bound ($XDSDocumentEntryServiceStartTimeTo), or null
 */
public record DocumentCriteria(Bsn bsn, Set<AvailabilityStatus> statuses, Set<DocumentEntryType> entryTypes,
                               List<CodeValue> classCodes, List<CodeValue> typeCodes,
                               List<List<CodeValue>> eventCodes, Instant serviceStartFrom, Instant serviceStartTo,
                               List<List<Reference>> referenceIds) {

    public DocumentCriteria {
        Objects.requireNonNull(bsn, "bsn");
        statuses = Set.copyOf(statuses);
        entryTypes = Set.copyOf(entryTypes);
        classCodes = List.copyOf(classCodes);
        typeCodes = List.copyOf(typeCodes);
        eventCodes = eventCodes.stream().map(List::copyOf).toList();
        referenceIds = referenceIds.stream().map(List::copyOf).toList();
    }

    /** Whether an entry matches: the meaning each store must give the criteria (the in-memory store uses it as is). */
    public boolean matches(IndexedEntry e) {
        return e.bsn().equals(bsn) && statuses.contains(e.status())
                && (entryTypes.isEmpty() || entryTypes.contains(e.entryType()))
                && (classCodes.isEmpty() || classCodes.stream().anyMatch(c -> sameCode(c, e.classCode())))
                && (typeCodes.isEmpty() || typeCodes.stream().anyMatch(c -> sameCode(c, e.typeCode())))
                && eventCodes.stream().allMatch(any -> any.stream().anyMatch(c -> e.eventCodes().stream()
                        .anyMatch(have -> sameCode(c, have))))
                && (serviceStartFrom == null || e.serviceStart() != null && !e.serviceStart().isBefore(serviceStartFrom))
                && (serviceStartTo == null || e.serviceStart() != null && e.serviceStart().isBefore(serviceStartTo))
                && referenceIds.stream().allMatch(any -> any.stream().anyMatch(r -> e.referenceIds().stream()
                        .anyMatch(have -> sameReference(r, have))));
    }

    /** A code in a query matches when code and scheme are equal; a query code without scheme matches any scheme. */
    public static boolean sameCode(CodeValue query, CodeValue have) {
        return have != null && Objects.equals(query.code(), have.code())
                && (query.scheme() == null || Objects.equals(query.scheme(), have.scheme()));
    }

    /** A reference id in a query matches on value and type, and on the issuer when the query names one. */
    public static boolean sameReference(Reference query, Reference have) {
        return Objects.equals(query.value(), have.value()) && Objects.equals(query.type(), have.type())
                && (query.issuer() == null || Objects.equals(query.issuer(), have.issuer()));
    }
}
