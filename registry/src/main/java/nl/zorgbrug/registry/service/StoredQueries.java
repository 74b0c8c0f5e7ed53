package nl.zorgbrug.registry.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.xml.bind.JAXBElement;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.IndexedEntry.CodeValue;
import nl.zorgbrug.registry.model.IndexedEntry.Reference;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.RegistryEvents.Outcome;
import nl.zorgbrug.registry.store.DocumentCriteria;
import nl.zorgbrug.registry.store.MetadataStore;
import nl.zorgbrug.registry.store.StoredEntry;

/**
 * ITI-18 Registry Stored Query at the Document Registry (ITI TF-2 §3.18.4.1.3), the four queries image
 * availability needs: FindDocuments, FindDocumentsByReferenceId (XDS-I.b: by studyInstanceUID or accession),
 * GetDocuments and GetRelatedDocuments. Other stored queries are answered XDSUnknownStoredQuery.
 */
public final class StoredQueries {
    static final String PATIENT_PARAMETER = "$XDSDocumentEntryPatientId";

    /** IPF's writer of the model's answers, as its Camel converter (EbXML30Converters) uses it; thread-safe. */
    private static final QueryResponseTransformer RESPONSES = new QueryResponseTransformer(new EbXMLFactory30());

    private final MetadataStore store;
    private final RegistryEvents events;
    private final int maxResults;
    private final AnswerConsent consent;

    /**
     * @param consent asked for the patient of every answer that would show entries (part 4); a refusal is answered
     *                with {@link #refusal}, never as an empty result
     */
    public StoredQueries(MetadataStore store, RegistryEvents events, int maxResults, AnswerConsent consent) {
        this.store = store;
        this.events = events;
        this.maxResults = maxResults;
        this.consent = java.util.Objects.requireNonNull(consent, "consent");
    }

    /**
     * The answer in IPF's model: what the registry's rules give, for the registry's own use and its tests. The node's
     * endpoint answers with {@link #answer}, the same answer as ebXML.
     */
    public QueryResponse query(QueryRegistry request) {
        Decision decision = decide(request);
        if (decision instanceof Refused refused) {
            return refused.response();
        }
        Found found = (Found) decision;
        QueryResponse response = new QueryResponse(Status.SUCCESS);
        if (found.leafClass()) {
            found.entries().forEach(e -> response.getDocumentEntries().add(e.entry()));
            response.getAssociations().addAll(found.associations());
        } else {
            references(found, response);
        }
        answered(found);
        return response;
    }

    /**
     * The answer as the ebXML AdhocQueryResponse the endpoint sends (ITI TF-2 §3.18.4.1.3). A LeafClass answer's
     * DocumentEntries are the ExtrinsicObjects as stored (with the current status): reading each stored text into
     * IPF's model only for IPF to write it back as the same ExtrinsicObject was most of the node's CPU per answered
     * entry, and so was parsing it into JAXB objects for JAXB to write again (docs/benchmarks.md, "The image index
     * (issue 20)"). So the response holds a {@link StoredExtrinsicObject} placeholder per entry, and must be written
     * through {@link StoredExtrinsicObjectWriter}, which copies the stored text in its place. Everything else (the
     * errors, consent refusals, ObjectRef answers and the Associations of GetRelatedDocuments) is written by IPF's
     * QueryResponseTransformer from the model, as before, and holds no placeholder; the ExtrinsicObjects come first in
     * the RegistryObjectList, where that transformer puts them.
     */
    public AdhocQueryResponse answer(QueryRegistry request) {
        Decision decision = decide(request);
        if (decision instanceof Refused refused) {
            return RESPONSES.toEbXML(refused.response()).getInternal();
        }
        Found found = (Found) decision;
        QueryResponse model = new QueryResponse(Status.SUCCESS);
        AdhocQueryResponse response;
        if (found.leafClass()) {
            model.getAssociations().addAll(found.associations());
            response = RESPONSES.toEbXML(model).getInternal();
            List<JAXBElement<? extends IdentifiableType>> objects = response.getRegistryObjectList().getIdentifiable();
            List<JAXBElement<? extends IdentifiableType>> extrinsics = new ArrayList<>(found.entries().size());
            for (StoredEntry entry : found.entries()) {
                extrinsics.add(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(new StoredExtrinsicObject(entry)));
            }
            objects.addAll(0, extrinsics);
        } else {
            references(found, model);
            response = RESPONSES.toEbXML(model).getInternal();
        }
        answered(found);
        return response;
    }

    private static void references(Found found, QueryResponse response) {
        found.entries().forEach(e -> response.getReferences().add(new ObjectReference(e.entryUuid())));
        found.associations().forEach(a -> response.getReferences().add(new ObjectReference(a.getEntryUuid())));
    }

    private void answered(Found found) {
        events.queried(found.name(), found.bsn(), found.entries().size(), Outcome.ANSWERED, List.of());
    }

    /** What a query comes to: refused (an error, no consent) or found, with the entries to show. */
    private sealed interface Decision permits Refused, Found {
    }

    private record Refused(QueryResponse response) implements Decision {
    }

    private record Found(String name, Bsn bsn, List<StoredEntry> entries, List<Association> associations,
                         boolean leafClass) implements Decision {
    }

    /** The registry's rules for a query, audited when refused; a found answer is audited when it is written. */
    private Decision decide(QueryRegistry request) {
        Query query = request.getQuery();
        String name = query == null ? "(none)" : query.getType().name();
        Errors errors = new Errors();
        Answer answer;
        if (query instanceof FindDocumentsQuery find) {
            answer = find(find, errors);
        } else if (query instanceof GetDocumentsQuery get) {
            answer = getDocuments(get, errors);
        } else if (query instanceof GetRelatedDocumentsQuery related) {
            answer = related(related, errors);
        } else {
            errors.add(ErrorCode.UNKNOWN_STORED_QUERY, "Stored query " + name + " is not offered by this registry;"
                    + " it answers FindDocuments, FindDocumentsByReferenceId, GetDocuments and GetRelatedDocuments.",
                    null);
            answer = new Answer(null, List.of(), List.of());
        }
        if (!errors.any() && answer.bsn() != null) {
            // Asked for the patient whatever was found, before the result size is looked at: the refusal must not
            // tell the requester whether images exist (a "no consent" only when there are some would).
            AnswerConsent.Verdict verdict = consent.check(answer.bsn());
            if (verdict.kind() != AnswerConsent.Kind.PERMIT) {
                events.queried(name, answer.bsn(), 0, Outcome.NO_CONSENT, List.of(verdict.kind().name()));
                return new Refused(refusal(verdict));
            }
        }
        if (!errors.any() && answer.entries().size() > maxResults) {
            errors.add(ErrorCode.TOO_MANY_RESULTS, "More than " + maxResults + " DocumentEntries match; narrow the"
                    + " query (classCode, serviceStartTime, eventCodeList).", null);
        }
        if (errors.any()) {
            events.queried(name, answer.bsn(), 0, Outcome.REJECTED,
                    errors.list().stream().map(i -> i.getErrorCode().getOpcode()).toList());
            return new Refused(errors.queryResponse());
        }
        return new Found(name, answer.bsn(), answer.entries(), answer.associations(),
                request.getReturnType() == QueryReturnType.LEAF_CLASS);
    }

    /**
     * A query the patient's consent does not allow to be answered (issue 20 part 4: "shown as 'no consent', never as
     * 'no images'"). ITI TF-3 Table 4.2.4.1-2 has no code for a consent refusal, and a Success without entries (even
     * with a warning, which consumers may ignore) would read as "no images". So: status Failure with one error of
     * the table's general code XDSRegistryError, severity Error, whose codeContext starts with the reason as a word a
     * consumer can test for (NO_CONSENT, CONSENT_UNAVAILABLE, UNKNOWN_REQUESTER), then a sentence for the person.
     * No entry, no count: the answer is the same whether the patient has images or not.
     */
    static QueryResponse refusal(AnswerConsent.Verdict verdict) {
        String text = switch (verdict.kind()) {
            case NO_CONSENT -> "the patient has not consented to making images available to your organisation"
                    + " (purpose image availability, Wabvpz art. 15a). This is not \"no images\": the registry does not"
                    + " say whether there are any. Consent is given by the patient at the holder of the images or in Mitz.";
            case CONSENT_UNAVAILABLE -> "the consent service could not be asked, so nothing is shown; this is not"
                    + " \"no images\" and not \"no consent\": ask again later.";
            case UNKNOWN_REQUESTER -> "the caller is not configured as an organisation of the region"
                    + " (zorgbrug.registry.requesters), so consent cannot be asked for it; nothing is shown.";
            case PERMIT -> throw new IllegalArgumentException("a permit is no refusal");
        };
        Errors errors = new Errors();
        errors.add(ErrorCode.REGISTRY_ERROR, verdict.kind().name() + ": " + text
                + (verdict.detail().isBlank() ? "" : " (" + verdict.detail() + ")"), null);
        return errors.queryResponse();
    }

    private record Answer(Bsn bsn, List<StoredEntry> entries, List<Association> associations) {
    }

    private Answer find(FindDocumentsQuery query, Errors errors) {
        Optional<Bsn> bsn = RegistryPatient.bsnOf(query.getPatientId());
        if (bsn.isEmpty()) {
            errors.add(ErrorCode.UNKNOWN_PATIENT_ID, PATIENT_PARAMETER + ": "
                    + Registration.unknownPatient(RegistryPatient.masked(query.getPatientId())), PATIENT_PARAMETER);
            return new Answer(null, List.of(), List.of());
        }
        if (query.getStatus() == null || query.getStatus().isEmpty()) {
            errors.add(ErrorCode.STORED_QUERY_MISSING_PARAM, "$XDSDocumentEntryStatus is required (ITI TF-2"
                    + " §3.18.4.1.2.3.7.1); send urn:oasis:names:tc:ebxml-regrep:StatusType:Approved.",
                    "$XDSDocumentEntryStatus");
            return new Answer(bsn.get(), List.of(), List.of());
        }
        List<List<Reference>> references = List.of();
        if (query instanceof FindDocumentsByReferenceIdQuery byReference) {
            QueryList<ReferenceId> typed = byReference.getTypedReferenceIds();
            if (typed == null || typed.getOuterList().isEmpty()) {
                errors.add(ErrorCode.STORED_QUERY_MISSING_PARAM, "$XDSDocumentEntryReferenceIdList is required for"
                        + " FindDocumentsByReferenceId (ITI TF-2 §3.18.4.1.2.3.7.14).", "$XDSDocumentEntryReferenceIdList");
                return new Answer(bsn.get(), List.of(), List.of());
            }
            references = typed.getOuterList().stream()
                    .map(any -> any.stream().map(Reference::of).toList()).toList();
        }
        DocumentCriteria criteria = new DocumentCriteria(bsn.get(), Set.copyOf(query.getStatus()),
                query.getDocumentEntryTypes() == null || query.getDocumentEntryTypes().isEmpty()
                        ? Set.of(DocumentEntryType.STABLE) : Set.copyOf(query.getDocumentEntryTypes()),
                codes(query.getClassCodes()), codes(query.getTypeCodes()), codeLists(query.getEventCodes()),
                instant(query.getServiceStartTime().getFrom()), instant(query.getServiceStartTime().getTo()),
                references);
        return new Answer(bsn.get(), store.find(criteria, maxResults + 1), List.of());
    }

    private Answer getDocuments(GetDocumentsQuery query, Errors errors) {
        List<StoredEntry> found;
        if (query.getUuids() != null && !query.getUuids().isEmpty()) {
            found = store.entriesByUuid(query.getUuids());
        } else if (query.getUniqueIds() != null && !query.getUniqueIds().isEmpty()) {
            found = store.entriesByUniqueId(query.getUniqueIds());
        } else {
            errors.add(ErrorCode.STORED_QUERY_MISSING_PARAM, "GetDocuments needs $XDSDocumentEntryEntryUUID or"
                    + " $XDSDocumentEntryUniqueId (ITI TF-2 §3.18.4.1.2.3.7.5).", "$XDSDocumentEntryEntryUUID");
            return new Answer(null, List.of(), List.of());
        }
        return singlePatient(found, List.of(), errors);
    }

    /** The document, the documents related to it by the given association types, and those associations. */
    private Answer related(GetRelatedDocumentsQuery query, Errors errors) {
        List<StoredEntry> origin = query.getUuid() != null ? store.entriesByUuid(List.of(query.getUuid()))
                : query.getUniqueId() != null ? store.entriesByUniqueId(List.of(query.getUniqueId())) : List.of();
        if (query.getUuid() == null && query.getUniqueId() == null) {
            errors.add(ErrorCode.STORED_QUERY_MISSING_PARAM, "GetRelatedDocuments needs $XDSDocumentEntryEntryUUID"
                    + " or $XDSDocumentEntryUniqueId (ITI TF-2 §3.18.4.1.2.3.7.8).", "$XDSDocumentEntryEntryUUID");
            return new Answer(null, List.of(), List.of());
        }
        if (query.getAssociationTypes() == null || query.getAssociationTypes().isEmpty()) {
            errors.add(ErrorCode.STORED_QUERY_MISSING_PARAM, "$AssociationTypes is required for GetRelatedDocuments.",
                    "$AssociationTypes");
            return new Answer(null, List.of(), List.of());
        }
        if (origin.isEmpty()) {
            return new Answer(null, List.of(), List.of());
        }
        StoredEntry document = origin.get(0);
        String uuid = document.entryUuid();
        Set<AssociationType> types = Set.copyOf(query.getAssociationTypes());
        List<Association> associations = store.associationsOf(List.of(uuid)).stream()
                .filter(a -> types.contains(a.getAssociationType())).toList();
        List<String> others = associations.stream()
                .map(a -> uuid.equals(a.getSourceUuid()) ? a.getTargetUuid() : a.getSourceUuid()).distinct().toList();
        Set<DocumentEntryType> entryTypes = query.getDocumentEntryTypes() == null || query.getDocumentEntryTypes().isEmpty()
                ? Set.of(DocumentEntryType.STABLE) : Set.copyOf(query.getDocumentEntryTypes());
        List<StoredEntry> relatedEntries = store.entriesByUuid(others).stream()
                .filter(e -> entryTypes.contains(e.entryType())).toList();
        if (relatedEntries.isEmpty()) {
            // §3.18.4.1.2.3.7.8: no related documents, no result (not even the document itself).
            return new Answer(document.bsn(), List.of(), List.of());
        }
        Set<String> kept = relatedEntries.stream().map(StoredEntry::entryUuid).collect(Collectors.toSet());
        List<StoredEntry> all = new ArrayList<>();
        all.add(document);
        all.addAll(relatedEntries);
        return new Answer(document.bsn(), all, associations.stream()
                .filter(a -> kept.contains(a.getSourceUuid()) || kept.contains(a.getTargetUuid())).toList());
    }

    private static Answer singlePatient(List<StoredEntry> found, List<Association> associations, Errors errors) {
        Map<Bsn, Long> patients = found.stream().collect(Collectors.groupingBy(StoredEntry::bsn,
                LinkedHashMap::new, Collectors.counting()));
        if (patients.size() > 1) {
            errors.add(ErrorCode.RESULT_NOT_SINGLE_PATIENT, "The requested documents belong to more than one patient;"
                    + " ask for one patient's documents at a time.", null);
            return new Answer(null, List.of(), List.of());
        }
        return new Answer(patients.isEmpty() ? null : patients.keySet().iterator().next(), found, associations);
    }

    private static List<CodeValue> codes(List<Code> codes) {
        return codes == null ? List.of() : codes.stream().map(CodeValue::of).toList();
    }

    private static List<List<CodeValue>> codeLists(QueryList<Code> codes) {
        return codes == null ? List.of() : codes.getOuterList().stream().map(StoredQueries::codes).toList();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.getDateTime().toInstant();
    }
}
