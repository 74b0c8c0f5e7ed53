package nl.zorgbrug.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.MetadataStore;

/**
 * The registry's rules (ITI-42 and ITI-18) against a metadata store: run on the in-memory store here and on H2
 * and PostgreSQL in app, so every store gives the registry the same meaning.
 */
public abstract class RegistryContract {
    protected final Random random = new Random(20);
    protected MetadataStore store;
    protected Registration registration;
    protected StoredQueries queries;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    public void setUp() throws Exception {
        store = newStore();
        registration = new Registration(store, nl.zorgbrug.registry.service.RegistryEvents.NONE);
        queries = new StoredQueries(store, nl.zorgbrug.registry.service.RegistryEvents.NONE, 1000,
                nl.zorgbrug.registry.service.AnswerConsent.EVERYONE);
    }

    /** What the wire does: the registry gets its own copy, read from ebRIM. */
    protected Response register(RegisterDocumentSet request) {
        return registration.register(EbRim.read(EbRim.write(request)));
    }

    protected QueryResponse findDocuments(Identifiable patient, AvailabilityStatus... statuses) {
        FindDocumentsQuery query = new FindDocumentsQuery();
        query.setPatientId(patient);
        query.setStatus(List.of(statuses));
        QueryRegistry request = new QueryRegistry(query);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return queries.query(request);
    }

    @Test
    public void aRegisteredKosIsFoundByBsnStudyAccessionAndModality() {
        Bsn bsn = TestSubmissions.bsn(random);
        Study study = Study.random(random, "CT");
        RegisterDocumentSet request = TestSubmissions.kos(bsn, study, random);
        assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
        register(TestSubmissions.kos(TestSubmissions.bsn(random), Study.random(random, "CT"), random));

        QueryResponse found = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED);
        assertThat(found.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(found.getDocumentEntries()).hasSize(1);
        DocumentEntry entry = found.getDocumentEntries().get(0);
        assertThat(entry.getUniqueId()).isEqualTo(request.getDocumentEntries().get(0).getUniqueId());
        assertThat(entry.getEntryUuid()).startsWith("urn:uuid:");
        assertThat(entry.getReferenceIdList()).extracting(ReferenceId::getId).contains(study.studyUid(), study.accession());
        assertThat(entry.getFormatCode().getCode()).isEqualTo(TestSubmissions.KOS_FORMAT);
        assertThat(entry.getRepositoryUniqueId()).isEqualTo(TestSubmissions.REPOSITORY);

        FindDocumentsByReferenceIdQuery byStudy = new FindDocumentsByReferenceIdQuery();
        byStudy.setPatientId(RegistryPatient.of(bsn));
        byStudy.setStatus(List.of(AvailabilityStatus.APPROVED));
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(study.studyUid(), null,
                ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        assertThat(queries.query(leaf(byStudy)).getDocumentEntries()).hasSize(1);
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(study.accession(),
                new org.openehealth.ipf.commons.ihe.xds.core.metadata.CXiAssigningAuthority(null,
                        TestSubmissions.ACCESSION_ISSUER, "ISO"), ReferenceId.ID_TYPE_CODE_ACCESSION)));
        assertThat(queries.query(leaf(byStudy)).getDocumentEntries()).hasSize(1);
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(TestSubmissions.uid(random), null,
                ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        assertThat(queries.query(leaf(byStudy)).getDocumentEntries()).isEmpty();

        FindDocumentsQuery mr = new FindDocumentsQuery();
        mr.setPatientId(RegistryPatient.of(bsn));
        mr.setStatus(List.of(AvailabilityStatus.APPROVED));
        mr.setEventCodes(new QueryList<>(new Code("MR", null, TestSubmissions.DCM)));
        assertThat(queries.query(leaf(mr)).getDocumentEntries()).isEmpty();
        mr.setEventCodes(new QueryList<>(new Code("CT", null, TestSubmissions.DCM)));
        assertThat(queries.query(leaf(mr)).getDocumentEntries()).hasSize(1);

        GetDocumentsQuery get = new GetDocumentsQuery();
        get.setUuids(List.of(entry.getEntryUuid()));
        assertThat(queries.query(leaf(get)).getDocumentEntries()).extracting(DocumentEntry::getUniqueId)
                .containsExactly(entry.getUniqueId());
    }

    @Test
    public void aResendAfterALostAnswerStoresNothingTwice() {
        Bsn bsn = TestSubmissions.bsn(random);
        RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, "MR"), random);
        assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries()).hasSize(1);

        // Same SubmissionSet uniqueId, other content: not a resend.
        request.getDocumentEntries().get(0).setUniqueId(TestSubmissions.uid(random));
        assertThat(codes(register(request))).containsExactly(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY);
        assertThat(findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries()).hasSize(1);
    }

    @Test
    public void aPatientIdThatIsNoBsnIsAnUnknownPatient() {
        Study study = Study.random(random, "CT");
        Identifiable failsElevenProof = new Identifiable("123456788", new AssigningAuthority(Bsn.ISSUER_OID, "ISO"));
        assertThat(Bsn.isValid("123456788")).isFalse();
        assertThat(codes(register(TestSubmissions.kos(failsElevenProof, study, random))))
                .contains(ErrorCode.UNKNOWN_PATIENT_ID);
        Identifiable otherAuthority = new Identifiable(TestSubmissions.bsn(random).value(),
                new AssigningAuthority("2.16.528.1.1007.99.4", "ISO"));
        RegisterDocumentSet request = TestSubmissions.kos(otherAuthority, study, random);
        Response response = register(request);
        assertThat(codes(response)).contains(ErrorCode.UNKNOWN_PATIENT_ID);
        assertThat(response.getErrors().get(0).getCodeContext()).contains(Bsn.ISSUER_OID).doesNotContain(otherAuthority.getId());
        assertThat(store.knownDocumentUniqueIds(TestSubmissions.ids(request.getDocumentEntries()))).isEmpty();
        assertThat(store.submissionDigest(request.getSubmissionSet().getUniqueId())).isEmpty();
    }

    @Test
    public void aMalformedPatientIdInAQueryIsAFailureNamingTheParameter() {
        QueryResponse response = findDocuments(new Identifiable("12345", new AssigningAuthority(Bsn.ISSUER_OID, "ISO")),
                AvailabilityStatus.APPROVED);
        assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(response.getErrors()).extracting(ErrorInfo::getLocation).containsExactly("$XDSDocumentEntryPatientId");
        assertThat(response.getErrors().get(0).getCodeContext()).startsWith("$XDSDocumentEntryPatientId");
    }

    @Test
    public void aReplacementDeprecatesTheReplacedKos() {
        Bsn bsn = TestSubmissions.bsn(random);
        Study study = Study.random(random, "CT");
        register(TestSubmissions.kos(bsn, study, random));
        DocumentEntry first = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries().get(0);

        RegisterDocumentSet replacement = TestSubmissions.replacement(bsn, study, first.getEntryUuid(), random);
        assertThat(register(replacement).getStatus()).isEqualTo(Status.SUCCESS);

        List<DocumentEntry> approved = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries();
        assertThat(approved).extracting(DocumentEntry::getUniqueId)
                .containsExactly(replacement.getDocumentEntries().get(0).getUniqueId());
        assertThat(approved.get(0).getLogicalUuid()).isEqualTo(first.getLogicalUuid());
        List<DocumentEntry> deprecated = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.DEPRECATED).getDocumentEntries();
        assertThat(deprecated).extracting(DocumentEntry::getEntryUuid).containsExactly(first.getEntryUuid());
        assertThat(deprecated.get(0).getAvailabilityStatus()).isEqualTo(AvailabilityStatus.DEPRECATED);

        GetRelatedDocumentsQuery related = new GetRelatedDocumentsQuery();
        related.setUuid(first.getEntryUuid());
        related.setAssociationTypes(List.of(AssociationType.REPLACE));
        QueryResponse both = queries.query(leaf(related));
        assertThat(both.getDocumentEntries()).hasSize(2);
        assertThat(both.getAssociations()).extracting(a -> a.getAssociationType()).containsExactly(AssociationType.REPLACE);

        // Replacing the deprecated one again is refused, and nothing of that submission is kept.
        RegisterDocumentSet late = TestSubmissions.replacement(bsn, study, first.getEntryUuid(), random);
        assertThat(codes(register(late))).containsExactly(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR);
        assertThat(store.knownDocumentUniqueIds(TestSubmissions.ids(late.getDocumentEntries()))).isEmpty();
    }

    @Test
    public void aSubmissionWithOneBadEntryStoresNothing() {
        Bsn bsn = TestSubmissions.bsn(random);
        RegisterDocumentSet earlier = TestSubmissions.kos(bsn, Study.random(random, "CT"), random);
        register(earlier);

        RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, "US"), random);
        DocumentEntry second = TestSubmissions.kosEntry(RegistryPatient.of(bsn), Study.random(random, "US"), random,
                "Document02");
        second.setUniqueId(earlier.getDocumentEntries().get(0).getUniqueId());
        request.getDocumentEntries().add(second);
        request.getAssociations().add(TestSubmissions.member(request.getSubmissionSet(), second, "Association02"));

        assertThat(codes(register(request))).containsExactly(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY);
        assertThat(findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries()).hasSize(1);
        assertThat(store.submissionDigest(request.getSubmissionSet().getUniqueId())).isEmpty();
        assertThat(store.knownDocumentUniqueIds(List.of(request.getDocumentEntries().get(0).getUniqueId()))).isEmpty();
    }

    /**
     * The endpoint's answer ({@link StoredQueries#answer}: a LeafClass answer's ExtrinsicObjects copied as stored),
     * as it is written on the wire and read back, is the
     * answer IPF's QueryResponseTransformer writes of the model's ({@link StoredQueries#query}), as the endpoint
     * answered before: for each stored query, LeafClass and ObjectRef, a Deprecated entry, GetRelatedDocuments'
     * Associations and an error. Only the ids of Classifications and ExternalIdentifiers are set aside: IPF's writer
     * makes new random ones each time it writes, the stored answer keeps those of when it was stored.
     */
    @Test
    public void theEndpointsAnswerIsTheModelsAnswerAsIpfWritesIt() {
        Bsn bsn = TestSubmissions.bsn(random);
        Study ct = Study.random(random, "CT");
        register(TestSubmissions.kos(bsn, ct, random));
        register(TestSubmissions.kos(bsn, Study.random(random, "MR"), random));
        DocumentEntry first = findDocuments(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries()
                .stream().filter(e -> e.getReferenceIdList().stream().anyMatch(r -> r.getId().equals(ct.studyUid())))
                .findFirst().orElseThrow();
        assertThat(register(TestSubmissions.replacement(bsn, ct, first.getEntryUuid(), random)).getStatus())
                .isEqualTo(Status.SUCCESS);

        FindDocumentsQuery all = new FindDocumentsQuery();
        all.setPatientId(RegistryPatient.of(bsn));
        all.setStatus(List.of(AvailabilityStatus.APPROVED, AvailabilityStatus.DEPRECATED));
        FindDocumentsByReferenceIdQuery byStudy = new FindDocumentsByReferenceIdQuery();
        byStudy.setPatientId(RegistryPatient.of(bsn));
        byStudy.setStatus(List.of(AvailabilityStatus.APPROVED));
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(ct.studyUid(), null,
                ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        GetDocumentsQuery get = new GetDocumentsQuery();
        get.setUuids(List.of(first.getEntryUuid()));
        GetRelatedDocumentsQuery related = new GetRelatedDocumentsQuery();
        related.setUuid(first.getEntryUuid());
        related.setAssociationTypes(List.of(AssociationType.REPLACE));
        FindDocumentsQuery noBsn = new FindDocumentsQuery();
        noBsn.setPatientId(new Identifiable("12345", new AssigningAuthority(Bsn.ISSUER_OID, "ISO")));
        noBsn.setStatus(List.of(AvailabilityStatus.APPROVED));

        QueryResponseTransformer ipf = new QueryResponseTransformer(new EbXMLFactory30());
        int entries = 0;
        for (org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query query
                : List.of(all, byStudy, get, related, noBsn)) {
            for (QueryReturnType type : List.of(QueryReturnType.LEAF_CLASS, QueryReturnType.OBJECT_REF)) {
                QueryRegistry request = new QueryRegistry(query);
                request.setReturnType(type);
                // Both as a consumer reads them off the wire: before, JAXB wrote all of IPF's answer.
                AdhocQueryResponse before = ExtrinsicObjects.onTheWire(ipf.toEbXML(queries.query(request)).getInternal());
                AdhocQueryResponse now = ExtrinsicObjects.onTheWire(queries.answer(request));
                entries += ExtrinsicObjects.of(now).size();
                assertThat(ExtrinsicObjects.xmlWithoutGeneratedIds(now)).as(query.getType() + " " + type)
                        .isEqualTo(ExtrinsicObjects.xmlWithoutGeneratedIds(before));
            }
        }
        // all: 3 (one Deprecated), byStudy: the replacement, get: 1, related: 2.
        assertThat(entries).isEqualTo(7);
    }

    /**
     * A LeafClass answer's ExtrinsicObjects hold what the source registered, slot by slot: each slot, Classification
     * (scheme, code, name, its slots) and ExternalIdentifier of the registered entry as IPF writes it, with the ids
     * the registry gave (entryUUID and lid) and the status it gives now.
     */
    @Test
    public void aLeafClassAnswerHoldsTheRegisteredExtrinsicObjectsSlotBySlot() {
        Bsn bsn = TestSubmissions.bsn(random);
        java.util.Map<String, ExtrinsicObjectType> registered = new java.util.HashMap<>();
        for (String modality : List.of("CT", "MR", "US")) {
            RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, modality), random);
            assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
            registered.put(request.getDocumentEntries().get(0).getUniqueId(),
                    EbRim.extrinsicObject(EbRim.write(request)));
        }
        FindDocumentsQuery find = new FindDocumentsQuery();
        find.setPatientId(RegistryPatient.of(bsn));
        find.setStatus(List.of(AvailabilityStatus.APPROVED));
        List<ExtrinsicObjectType> answered = ExtrinsicObjects.of(ExtrinsicObjects.onTheWire(queries.answer(leaf(find))));

        assertThat(answered).hasSize(3);
        for (ExtrinsicObjectType a : answered) {
            String uniqueId = a.getExternalIdentifier().stream()
                    .filter(x -> x.getIdentificationScheme().equals("urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"))
                    .findFirst().orElseThrow().getValue();
            ExtrinsicObjectType r = registered.remove(uniqueId);
            assertThat(r).as(uniqueId).isNotNull();
            assertThat(a.getId()).startsWith("urn:uuid:").isNotEqualTo(r.getId());
            assertThat(a.getLid()).isEqualTo(a.getId());
            assertThat(a.getStatus()).isEqualTo("urn:oasis:names:tc:ebxml-regrep:StatusType:Approved");
            assertThat(a.getObjectType()).isEqualTo(r.getObjectType());
            assertThat(a.getMimeType()).isEqualTo(r.getMimeType());
            assertThat(a.getHome()).isEqualTo(r.getHome());
            assertThat(ExtrinsicObjects.name(a.getName())).isEqualTo(ExtrinsicObjects.name(r.getName()));
            assertThat(ExtrinsicObjects.slots(a.getSlot())).isEqualTo(ExtrinsicObjects.slots(r.getSlot()))
                    .containsKeys("creationTime", "serviceStartTime", "sourcePatientId", "hash", "size",
                            "repositoryUniqueId", "urn:ihe:iti:xds:2013:referenceIdList");
            assertThat(ExtrinsicObjects.classifications(a)).isEqualTo(ExtrinsicObjects.classifications(r))
                    .hasSize(r.getClassification().size());
            a.getClassification().forEach(c -> assertThat(c.getClassifiedObject()).isEqualTo(a.getId()));
            assertThat(ExtrinsicObjects.externalIdentifiers(a)).isEqualTo(ExtrinsicObjects.externalIdentifiers(r))
                    .hasSize(2);
        }
        assertThat(registered).isEmpty();
    }

    protected static QueryRegistry leaf(org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query query) {
        QueryRegistry request = new QueryRegistry(query);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return request;
    }

    protected static List<ErrorCode> codes(Response response) {
        assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
        return response.getErrors().stream().map(ErrorInfo::getErrorCode).toList();
    }
}
