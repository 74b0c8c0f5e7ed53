package nl.zorgbrug.registry.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.IndexedEntry;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.model.Submission;
import nl.zorgbrug.registry.service.RegistryEvents.Outcome;
import nl.zorgbrug.registry.store.MetadataStore;
import nl.zorgbrug.registry.store.StoredEntry;

/**
 * ITI-42 Register Document Set-b at the Document Registry (ITI TF-2 §3.42.4.1.3). The ebRIM has passed IPF's
 * validator on the way in; this checks what needs the registry's contents: the patient (a BSN, no identity feed),
 * uniqueIds not yet registered, and the targets of replacements; then assigns UUIDs to symbolic ids and stores the
 * submission whole. A resend of a submission already stored (same SubmissionSet uniqueId, same content) is answered
 * Success and stores nothing (the source lost our first answer); the same uniqueId with other content is
 * XDSDuplicateUniqueIdInRegistry.
 */
public final class Registration {
    private static final String UUID_PREFIX = "urn:uuid:";
    /** Associations whose target is an earlier document of the same patient (ITI TF-3 §4.1.6, document relationships). */
    private static final Set<AssociationType> RELATIONSHIPS = Set.of(AssociationType.REPLACE, AssociationType.TRANSFORM,
            AssociationType.APPEND, AssociationType.TRANSFORM_AND_REPLACE, AssociationType.SIGNS);
    private static final Set<AssociationType> REPLACING = Set.of(AssociationType.REPLACE,
            AssociationType.TRANSFORM_AND_REPLACE);

    private final MetadataStore store;
    private final RegistryEvents events;

    public Registration(MetadataStore store, RegistryEvents events) {
        this.store = store;
        this.events = events;
    }

    public Response register(RegisterDocumentSet request) {
        SubmissionSet set = request.getSubmissionSet();
        Errors errors = new Errors();
        if (set == null) {
            errors.add(ErrorCode.REGISTRY_METADATA_ERROR, "The request holds no SubmissionSet (ITI TF-3 §4.2.3.3);"
                    + " send the documents inside a SubmissionSet.", null);
            return rejected(null, null, List.of(), errors);
        }
        Optional<Bsn> bsn = patientOf(request, errors);
        List<String> studies = studyUids(request.getDocumentEntries());
        if (errors.any()) {
            return rejected(bsn.orElse(null), set.getUniqueId(), studies, errors);
        }
        if (!request.getFolders().isEmpty()) {
            errors.add(ErrorCode.REGISTRY_METADATA_ERROR, "This registry does not keep Folders yet; send the"
                    + " documents without a Folder.", request.getFolders().get(0).getUniqueId());
            return rejected(bsn.get(), set.getUniqueId(), studies, errors);
        }
        String digest = EbRim.digest(request);
        Optional<String> stored = store.submissionDigest(set.getUniqueId());
        if (stored.isPresent()) {
            if (stored.get().equals(digest)) {
                events.registered(bsn.get(), set.getUniqueId(), studies, Outcome.RESENT, List.of());
                return new Response(Status.SUCCESS);
            }
            errors.add(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, "A different submission with SubmissionSet uniqueId "
                    + set.getUniqueId() + " is already registered; give a new submission a new uniqueId.", set.getUniqueId());
            return rejected(bsn.get(), set.getUniqueId(), studies, errors);
        }
        checkUniqueIds(request.getDocumentEntries(), errors);
        if (errors.any()) {
            return rejected(bsn.get(), set.getUniqueId(), studies, errors);
        }
        assignUuids(request);
        List<String> deprecates = checkAssociations(request, bsn.get(), errors);
        if (errors.any()) {
            return rejected(bsn.get(), set.getUniqueId(), studies, errors);
        }
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        List<IndexedEntry> index = new ArrayList<>();
        for (DocumentEntry entry : request.getDocumentEntries()) {
            entry.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            if (entry.getLogicalUuid() == null) {
                entry.setLogicalUuid(entry.getEntryUuid());
            }
            index.add(IndexedEntry.of(entry, bsn.get()));
        }
        request.getAssociations().forEach(a -> a.setAvailabilityStatus(AvailabilityStatus.APPROVED));
        try {
            store.store(new Submission(bsn.get(), set, request.getDocumentEntries(), index, request.getAssociations(),
                    deprecates, digest));
        } catch (MetadataStore.ConflictException e) {
            // The same submission may have been stored meanwhile by a resend that overtook this one.
            if (store.submissionDigest(set.getUniqueId()).filter(digest::equals).isPresent()) {
                events.registered(bsn.get(), set.getUniqueId(), studies, Outcome.RESENT, List.of());
                return new Response(Status.SUCCESS);
            }
            errors.add(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR, e.getMessage(), set.getUniqueId());
            return rejected(bsn.get(), set.getUniqueId(), studies, errors);
        }
        events.registered(bsn.get(), set.getUniqueId(), studies, Outcome.STORED, List.of());
        return new Response(Status.SUCCESS);
    }

    /** One patient for the whole submission, a BSN; otherwise XDSUnknownPatientId or XDSPatientIdDoesNotMatch. */
    private static Optional<Bsn> patientOf(RegisterDocumentSet request, Errors errors) {
        SubmissionSet set = request.getSubmissionSet();
        Optional<Bsn> bsn = RegistryPatient.bsnOf(set.getPatientId());
        if (bsn.isEmpty()) {
            errors.add(ErrorCode.UNKNOWN_PATIENT_ID, unknownPatient(RegistryPatient.masked(set.getPatientId())),
                    set.getUniqueId());
        }
        for (DocumentEntry entry : request.getDocumentEntries()) {
            Optional<Bsn> own = RegistryPatient.bsnOf(entry.getPatientId());
            if (own.isEmpty()) {
                errors.add(ErrorCode.UNKNOWN_PATIENT_ID, unknownPatient(RegistryPatient.masked(entry.getPatientId())),
                        entry.getUniqueId());
            } else if (bsn.isPresent() && !own.equals(bsn)) {
                errors.add(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, "The DocumentEntry's patient id differs from the"
                        + " SubmissionSet's; one submission holds documents of one patient.", entry.getUniqueId());
            }
        }
        return bsn;
    }

    static String unknownPatient(String masked) {
        return "Patient id " + masked + " is not a BSN under OID " + Bsn.ISSUER_OID + " that passes the 11-proof;"
                + " this registry knows patients by BSN only (no identity feed). Send the BSN as"
                + " BSN^^^&" + Bsn.ISSUER_OID + "&ISO.";
    }

    private void checkUniqueIds(List<DocumentEntry> entries, Errors errors) {
        Set<String> seen = new HashSet<>();
        for (DocumentEntry entry : entries) {
            if (!seen.add(entry.getUniqueId())) {
                errors.add(ErrorCode.REGISTRY_DUPLICATE_UNIQUE_ID_IN_MESSAGE, "Two DocumentEntries in this request"
                        + " have uniqueId " + entry.getUniqueId() + "; each document needs its own.", entry.getUniqueId());
            }
        }
        for (String known : store.knownDocumentUniqueIds(seen)) {
            errors.add(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, "A DocumentEntry with uniqueId " + known
                    + " is already registered; to replace it send a new document with an RPLC association.", known);
        }
    }

    /**
     * Symbolic ids (anything not urn:uuid:) get a UUID, in the entries, the SubmissionSet and the associations'
     * source and target (ITI TF-3 §4.2.3.1.7: the registry assigns them).
     */
    private static void assignUuids(RegisterDocumentSet request) {
        Map<String, String> assigned = new HashMap<>();
        Function<String, String> uuid = id -> id == null ? UUID_PREFIX + UUID.randomUUID()
                : id.startsWith(UUID_PREFIX) ? id : assigned.computeIfAbsent(id, x -> UUID_PREFIX + UUID.randomUUID());
        SubmissionSet set = request.getSubmissionSet();
        set.setEntryUuid(uuid.apply(set.getEntryUuid()));
        for (DocumentEntry entry : request.getDocumentEntries()) {
            entry.setEntryUuid(uuid.apply(entry.getEntryUuid()));
        }
        for (Association a : request.getAssociations()) {
            a.setEntryUuid(uuid.apply(a.getEntryUuid()));
            a.setSourceUuid(assigned.getOrDefault(a.getSourceUuid(), a.getSourceUuid()));
            a.setTargetUuid(assigned.getOrDefault(a.getTargetUuid(), a.getTargetUuid()));
        }
    }

    /**
     * Each entry is a member of the SubmissionSet; a relationship's source is a new entry and its target an Approved
     * entry of the same patient already in the registry. Returns the entries that replacements deprecate
     * (ITI TF-3 §4.1.6.1: "the original document ... shall be deprecated").
     */
    private List<String> checkAssociations(RegisterDocumentSet request, Bsn bsn, Errors errors) {
        String setUuid = request.getSubmissionSet().getEntryUuid();
        Map<String, DocumentEntry> submitted = request.getDocumentEntries().stream()
                .collect(Collectors.toMap(DocumentEntry::getEntryUuid, e -> e));
        Set<String> members = new HashSet<>();
        List<Association> relationships = new ArrayList<>();
        for (Association a : request.getAssociations()) {
            if (a.getAssociationType() == AssociationType.HAS_MEMBER && setUuid.equals(a.getSourceUuid())) {
                members.add(a.getTargetUuid());
            } else if (RELATIONSHIPS.contains(a.getAssociationType()) && submitted.containsKey(a.getSourceUuid())) {
                relationships.add(a);
            } else {
                errors.add(ErrorCode.REGISTRY_METADATA_ERROR, "Association " + a.getEntryUuid() + " of type "
                        + a.getAssociationType() + " from " + a.getSourceUuid() + " is not one this registry takes:"
                        + " HasMember from the SubmissionSet, or RPLC, XFRM, APND, XFRM_RPLC, signs from a new"
                        + " DocumentEntry.", a.getEntryUuid());
            }
        }
        for (DocumentEntry entry : request.getDocumentEntries()) {
            if (!members.contains(entry.getEntryUuid())) {
                errors.add(ErrorCode.REGISTRY_METADATA_ERROR, "DocumentEntry " + entry.getUniqueId() + " is not a"
                        + " member of the SubmissionSet; add a HasMember association (ITI TF-3 §4.2.2.1).",
                        entry.getUniqueId());
            }
        }
        for (String member : members) {
            if (!submitted.containsKey(member)) {
                errors.add(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION, "HasMember names " + member + ", which is not"
                        + " a DocumentEntry in this submission.", member);
            }
        }
        Map<String, StoredEntry> targets = store.entriesByUuid(relationships.stream()
                .map(Association::getTargetUuid).toList()).stream()
                .collect(Collectors.toMap(s -> s.entryUuid(), s -> s));
        List<String> deprecates = new ArrayList<>();
        for (Association a : relationships) {
            StoredEntry target = targets.get(a.getTargetUuid());
            if (target == null) {
                errors.add(ErrorCode.UNRESOLVED_REFERENCE_EXCEPTION, a.getAssociationType() + " names "
                        + a.getTargetUuid() + ", which is not in the registry; name the entryUUID of a registered"
                        + " DocumentEntry.", a.getTargetUuid());
            } else if (!target.bsn().equals(bsn)) {
                errors.add(ErrorCode.PATIENT_ID_DOES_NOT_MATCH, a.getAssociationType() + " target "
                        + a.getTargetUuid() + " belongs to another patient.", a.getTargetUuid());
            } else if (target.status() != AvailabilityStatus.APPROVED) {
                errors.add(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR, a.getAssociationType() + " target "
                        + a.getTargetUuid() + " is " + target.status() + "; relate to the current version.",
                        a.getTargetUuid());
            } else if (REPLACING.contains(a.getAssociationType())) {
                deprecates.add(target.entryUuid());
                submitted.get(a.getSourceUuid()).setLogicalUuid(target.logicalUuid());
            }
        }
        return deprecates;
    }

    static List<String> studyUids(List<DocumentEntry> entries) {
        return entries.stream().flatMap(e -> e.getReferenceIdList().stream())
                .filter(r -> ReferenceId.ID_TYPE_STUDY_INSTANCE_ID.equals(r.getIdTypeCode()))
                .map(ReferenceId::getId).distinct().toList();
    }

    private Response rejected(Bsn bsn, String setUniqueId, List<String> studies, Errors errors) {
        events.registered(bsn, setUniqueId, studies, Outcome.REJECTED,
                errors.list().stream().map(ErrorInfo::getErrorCode).map(c -> c.getOpcode()).toList());
        return errors.response();
    }
}
