package nl.zorgbrug.app.registry;

import static nl.zorgbrug.app.registry.RegistryNodeFixture.CONSUMER_URA;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CT;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.job.Channel;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.registry.ExtrinsicObjects;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.MetadataStore;

/**
 * The registry role of a whole node (issue 20 part 1), started as {@code bin/zorgbrug serve} starts it, with IPF's own
 * {@code xds-iti42} and {@code xds-iti18} producers in a Camel context of their own as the independent clients: a
 * source registers a KOS manifest over HTTPS with HTTP Basic; a consumer finds it by BSN (FindDocuments) and by its
 * Study Instance UID (FindDocumentsByReferenceId), once the patient consented to image availability (part 4);
 * wrong credentials are refused before anything is read.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryNodeTest {
    static final String CONSUMER = "ris-consumer-b";
    static final String CONSUMER_PASSWORD = "consumer-test";
    static final RegistryNodeFixture node = RegistryNodeFixture.create("registry");

    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String REPOSITORY = "2.16.528.1.1007.99.7.1";
    static final int PROXY_PORT;

    static {
        try {
            PROXY_PORT = LosingProxy.freePort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for the test's network: " + e.getMessage(), e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        node.node(r, "registrynode");
        node.registryUsers(r, CONSUMER, CONSUMER_PASSWORD);
        // The same node is also a source (part 2): the registration route takes the own PACS's studies; its registry
        // is this node's, reached through a network that can be down or lose answers (LosingProxy).
        node.source(r, () -> "http://127.0.0.1:" + PROXY_PORT + "/services/xds-iti42", "Ziekenhuis Test",
                LOCAL_ISSUER, REPOSITORY);
        r.add("zorgbrug.registry.source.user", () -> SOURCE);
        r.add("zorgbrug.registry.source.password", () -> SOURCE_PASSWORD);
        node.registrationRoute(r, LOCAL_ISSUER);
        node.quickRetries(r);
        r.add("zorgbrug.retry.max-attempts", () -> "60");
    }

    @BeforeAll
    static void startClients() {
        node.startClients();
    }

    @AfterAll
    static void stopClients() {
        node.stopClients();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    ConsentService consent;

    @Autowired
    DataSource dataSource;

    @Autowired
    MetadataStore store;

    @Autowired
    JobRepository jobs;

    @Autowired
    MpiStore mpi;

    @Autowired
    Acceptor dicom;

    // Each test its own UIDs: the tests share the node's database, and a UID registered twice is refused.
    private final Random random = new Random(System.nanoTime());

    @Test
    void aSourceRegistersAKosAndAConsumerFindsItByBsnAndByStudyInstanceUid() {
        Bsn bsn = Bsn.parse(TestBsns.first(3).get(2));
        consentToImageAvailability(bsn);
        Study study = Study.random(random, "CT");
        RegisterDocumentSet submission = TestSubmissions.kos(bsn, study, random);

        Response registered = register(SOURCE, SOURCE_PASSWORD, submission);
        assertThat(registered.getStatus()).as("%s", registered.getErrors()).isEqualTo(Status.SUCCESS);

        FindDocumentsQuery byBsn = new FindDocumentsQuery();
        byBsn.setPatientId(RegistryPatient.of(bsn));
        byBsn.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryResponse found = query(CONSUMER, CONSUMER_PASSWORD, byBsn);
        assertThat(found.getStatus()).as("%s", found.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(found.getDocumentEntries()).extracting(DocumentEntry::getUniqueId)
                .containsExactly(submission.getDocumentEntries().get(0).getUniqueId());
        assertThat(found.getDocumentEntries().get(0).getReferenceIdList()).extracting(ReferenceId::getId)
                .contains(study.studyUid(), study.accession());

        FindDocumentsByReferenceIdQuery byStudy = new FindDocumentsByReferenceIdQuery();
        byStudy.setPatientId(RegistryPatient.of(bsn));
        byStudy.setStatus(List.of(AvailabilityStatus.APPROVED));
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(study.studyUid(), null,
                ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        QueryResponse byUid = query(CONSUMER, CONSUMER_PASSWORD, byStudy);
        assertThat(byUid.getStatus()).as("%s", byUid.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(byUid.getDocumentEntries()).extracting(DocumentEntry::getUniqueId)
                .containsExactly(submission.getDocumentEntries().get(0).getUniqueId());

        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(TestSubmissions.uid(random), null,
                ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        assertThat(query(CONSUMER, CONSUMER_PASSWORD, byStudy).getDocumentEntries()).as("another study").isEmpty();
    }

    @Test
    void wrongCredentialsAreRefusedAndNothingIsRegistered() {
        Bsn bsn = Bsn.parse(TestBsns.first(4).get(3));
        consentToImageAvailability(bsn);
        RegisterDocumentSet submission = TestSubmissions.kos(bsn, Study.random(random, "MR"), random);

        assertThatThrownBy(() -> register(SOURCE, "not-the-password", submission))
                .hasStackTraceContaining("401");
        FindDocumentsQuery byBsn = new FindDocumentsQuery();
        byBsn.setPatientId(RegistryPatient.of(bsn));
        byBsn.setStatus(List.of(AvailabilityStatus.APPROVED));
        assertThatThrownBy(() -> query(CONSUMER, "guess", byBsn)).hasStackTraceContaining("401");
        assertThat(query(CONSUMER, CONSUMER_PASSWORD, byBsn).getDocumentEntries()).isEmpty();
    }

    /**
     * A LeafClass answer's ExtrinsicObjects are copied onto the wire from the stored XML (StoredExtrinsicObjectsOut),
     * not written by JAXB: what IPF's client reads is the answer IPF writes of the registry's model, as the endpoint
     * answered before, for a Deprecated entry too (its status is the current one, not the stored one). Only the ids of
     * Classifications and ExternalIdentifiers are set aside: IPF's writer makes new ones each time it writes.
     */
    @Test
    void aLeafClassAnswerOnTheWireIsTheAnswerIpfWritesOfTheModel() {
        Bsn bsn = Bsn.parse(TestBsns.first(7).get(6));
        consentToImageAvailability(bsn);
        Study ct = Study.random(random, "CT");
        RegisterDocumentSet first = TestSubmissions.kos(bsn, ct, random);
        assertThat(register(SOURCE, SOURCE_PASSWORD, first).getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(register(SOURCE, SOURCE_PASSWORD, TestSubmissions.kos(bsn, Study.random(random, "MR"), random))
                .getStatus()).isEqualTo(Status.SUCCESS);
        FindDocumentsQuery all = new FindDocumentsQuery();
        all.setPatientId(RegistryPatient.of(bsn));
        all.setStatus(List.of(AvailabilityStatus.APPROVED, AvailabilityStatus.DEPRECATED));
        String replaced = query(CONSUMER, CONSUMER_PASSWORD, all).getDocumentEntries().stream()
                .filter(e -> e.getUniqueId().equals(first.getDocumentEntries().get(0).getUniqueId()))
                .findFirst().orElseThrow().getEntryUuid();
        assertThat(register(SOURCE, SOURCE_PASSWORD, TestSubmissions.replacement(bsn, ct, replaced, random))
                .getStatus()).isEqualTo(Status.SUCCESS);

        QueryRegistry request = new QueryRegistry(all);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse wire = node.ipf("xds-iti18", httpPort, CONSUMER, CONSUMER_PASSWORD,
                EbXML30Converters.convert(request), AdhocQueryResponse.class);
        // The model's answer on the node's store, without the consent check (this thread is no consumer).
        QueryResponse model = new StoredQueries(store, RegistryEvents.NONE, 1000, AnswerConsent.EVERYONE).query(request);
        AdhocQueryResponse ipf = new QueryResponseTransformer(new EbXMLFactory30()).toEbXML(model).getInternal();

        assertThat(ExtrinsicObjects.of(wire)).hasSize(3)
                .filteredOn(e -> e.getStatus().endsWith(":Deprecated")).singleElement()
                .satisfies(e -> assertThat(e.getId()).isEqualTo(replaced));
        assertThat(ExtrinsicObjects.xmlWithoutGeneratedIds(wire)).isEqualTo(ExtrinsicObjects.xmlWithoutGeneratedIds(ipf));
    }

    /**
     * Part 4: without the patient's consent for the consumer's organisation the answer is "no consent" (a Failure
     * whose error says NO_CONSENT), never an empty Success that reads as "no images"; the consent service's decision
     * and the refused query are both in the audit trail. A caller without an organisation gets nothing either.
     */
    @Test
    void withoutConsentTheConsumerIsToldNoConsentAndTheRefusalIsAudited() {
        Bsn bsn = Bsn.parse(TestBsns.first(5).get(4));
        RegisterDocumentSet submission = TestSubmissions.kos(bsn, Study.random(random, "CT"), random);
        assertThat(register(SOURCE, SOURCE_PASSWORD, submission).getStatus()).isEqualTo(Status.SUCCESS);
        FindDocumentsQuery byBsn = new FindDocumentsQuery();
        byBsn.setPatientId(RegistryPatient.of(bsn));
        byBsn.setStatus(List.of(AvailabilityStatus.APPROVED));

        QueryResponse refused = query(CONSUMER, CONSUMER_PASSWORD, byBsn);

        assertThat(refused.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(refused.getDocumentEntries()).isEmpty();
        assertThat(refused.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REGISTRY_ERROR);
            assertThat(e.getCodeContext()).startsWith("NO_CONSENT: ").doesNotContain(bsn.value());
        });
        List<AuditEvent> trail = RegistryNodeFixture.trail(dataSource, bsn);
        assertThat(trail).filteredOn(e -> e.type() == EventType.CONSENT_DECISION).singleElement().satisfies(e -> {
            assertThat(e.actor().onBehalfOf().value()).isEqualTo(CONSUMER_URA);
            assertThat(e.detail()).contains("IMAGE_AVAILABILITY").contains("IMAGES DENY NO_CONSENT");
        });
        assertThat(trail).filteredOn(e -> e.type() == EventType.QUERY).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.actor().userId()).isEqualTo(CONSUMER);
            assertThat(e.detail()).contains("refused for consent (NO_CONSENT)");
        });

        consentToImageAvailability(bsn);
        assertThat(query(CONSUMER, CONSUMER_PASSWORD, byBsn).getDocumentEntries()).as("after consent").hasSize(1);
        assertThat(query(SOURCE, SOURCE_PASSWORD, byBsn).getErrors()).as("a user with no organisation")
                .singleElement().satisfies(e -> assertThat(e.getCodeContext()).startsWith("UNKNOWN_REQUESTER: "));
    }

    /**
     * Part 2: a study of the own PACS reaches the registration route (dcmtk storescu as the PACS); once complete its job
     * (channel REGISTRY) builds the KOS, keeps it, and registers it over ITI-42. The registry is down at first: the job
     * fails and retries with backoff. Then the network loses the registry's answer: the registry stored the entry, the
     * job fails again and sends the kept request again, which the registry takes as a resend. The DocumentEntry is
     * there once, the KOS is kept, the register is audited. A consumer then retrieves the KOS by ITI-43 (IPF's
     * producer), once the patient consented for its organisation.
     */
    @Test
    void aStudyOfTheOwnPacsIsRegisteredByAJobThatRetriesWhileTheRegistryIsDownAndAfterALostAnswerAndItsKosRetrieved() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(6).get(5));
        consentToImageAvailability(bsn);
        mpi.save(new MpiPatient("PAT-REG-1", LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231", "M"));
        String study = TestSubmissions.uid(random);
        Path pacs = Files.createDirectories(node.dir.resolve("pacs-" + study));
        List<Path> files = List.of(ct(pacs, study, ".1", ".1.1"), ct(pacs, study, ".1", ".1.2"), ct(pacs, study, ".2", ".2.1"));

        assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicom.port(), files)).isZero();

        Job down = awaitJob(study, j -> j.state() == JobState.FAILED && j.retryAt() != null, "failed: registry down");
        assertThat(down.channel()).isEqualTo(Channel.REGISTRY);
        assertThat(down.reason()).contains("automatic retry");
        assertThat(documentEntries(study)).as("nothing reached the registry").isZero();

        try (LosingProxy network = new LosingProxy(PROXY_PORT, node.tls().getSocketFactory(), httpPort)) {
            network.losing.set(true);
            int before = down.attempts();
            Job lost = awaitJob(study, j -> j.attempts() > before && j.state() == JobState.FAILED
                    && network.answersLost.get() > 0, "failed: answer lost");
            assertThat(documentEntries(study)).as("the registry stored it, its answer was lost").isEqualTo(1);
            assertThat(lost.reason()).contains("automatic retry");
            network.losing.set(false);

            Job done = awaitJob(study, j -> j.state() == JobState.DONE, "done");
            assertThat(done.attempts()).isGreaterThanOrEqualTo(3);
        }
        assertThat(documentEntries(study)).as("the resend stored nothing twice").isEqualTo(1);

        FindDocumentsByReferenceIdQuery byStudy = new FindDocumentsByReferenceIdQuery();
        byStudy.setPatientId(RegistryPatient.of(bsn));
        byStudy.setStatus(List.of(AvailabilityStatus.APPROVED));
        byStudy.setTypedReferenceIds(new QueryList<>(new ReferenceId(study, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        QueryResponse found = query(CONSUMER, CONSUMER_PASSWORD, byStudy);
        assertThat(found.getDocumentEntries()).singleElement().satisfies(e -> {
            assertThat(e.getRepositoryUniqueId()).isEqualTo(REPOSITORY);
            assertThat(e.getSourcePatientId().getId()).isEqualTo("PAT-REG-1");
            assertThat(e.getEventCodeList()).extracting(c -> c.getCode()).containsExactly("CT");
        });
        String kosUid = found.getDocumentEntries().get(0).getUniqueId();
        byte[] kos = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(
                "select kos from xds_repository_document where document_unique_id = ? and registered is not null",
                byte[].class, kosUid);
        DataSet manifest = Part10Reader.read(new java.io.ByteArrayInputStream(kos), "kept", kos.length, -1L).dataSet();
        assertThat(manifest.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue)).isEqualTo("113030");
        assertThat(manifest.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0)
                .getSequence(Tag.ReferencedSeriesSequence)).extracting(se -> se.getString(Tag.RetrieveLocationUID))
                .containsExactly(REPOSITORY, REPOSITORY);

        // ITI-43 (part 2): the consumer retrieves the KOS from the node's repository with IPF's own producer.
        RetrievedDocumentSet retrieved = retrieve(CONSUMER, CONSUMER_PASSWORD, REPOSITORY, kosUid);
        assertThat(retrieved.getStatus()).as("%s", retrieved.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(retrieved.getDocuments()).singleElement().satisfies(d -> {
            assertThat(d.getMimeType()).isEqualTo("application/dicom");
            assertThat(d.getDataHandler().getInputStream().readAllBytes()).isEqualTo(kos);
        });
        assertThat(retrieve(CONSUMER, CONSUMER_PASSWORD, "1.2.3.4", kosUid).getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_REPOSITORY_ID));
        assertThat(retrieve(CONSUMER, CONSUMER_PASSWORD, REPOSITORY, kosUid + "9").getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR));
        assertThat(retrieve(SOURCE, SOURCE_PASSWORD, REPOSITORY, kosUid).getErrors()).as("a caller without organisation")
                .singleElement().satisfies(e -> assertThat(e.getCodeContext()).startsWith("UNKNOWN_REQUESTER: "));

        List<AuditEvent> trail = RegistryNodeFixture.trail(dataSource, bsn);
        assertThat(trail).filteredOn(e -> e.type() == EventType.RETRIEVE).extracting(e -> e.actor().userId())
                .contains(CONSUMER, SOURCE);
        // The register itself, once (the gateway's own trail of the job, its state and "delivered", is beside it).
        assertThat(trail).filteredOn(e -> e.type() == EventType.SEND && e.detail().startsWith("register: "))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains(kosUid).contains("registered"));
        assertThat(trail).filteredOn(e -> e.type() == EventType.RECEIVE).extracting(AuditEvent::detail)
                .anyMatch(d -> d.contains("stored")).anyMatch(d -> d.contains("resend"));
    }

    private Job awaitJob(String study, java.util.function.Predicate<Job> until, String what) throws InterruptedException {
        return RegistryNodeFixture.awaitRegistration(jobs, study, until, what);
    }

    private int documentEntries(String study) {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject("select count(*) from"
                + " xds_document_reference where ref_value = ?", Integer.class, study);
    }

    /** A CT instance of the own PACS: local id PAT-REG-1 with the local issuer. */
    private static Path ct(Path dir, String study, String series, String instance) throws IOException {
        DataSet ds = TestSubmissions.ownPacsHead(study, series, instance, CT, "CT", "PAT-REG-1", LOCAL_ISSUER);
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-REG");
        // As the MPI knows the patient: the export swap checks the demographics.
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[16 * 16 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve(study + instance + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, study + instance, ts, "OWNPACS"), ds, ts,
                true), file);
        return file;
    }

    void consentToImageAvailability(Bsn bsn) {
        node.consentToImageAvailability(consent, bsn);
    }

    Response register(String user, String password, RegisterDocumentSet submission) {
        RegistryResponseType answer = node.ipf("xds-iti42", httpPort, user, password,
                EbXML30Converters.convert(submission), RegistryResponseType.class);
        return EbXML30Converters.convert(answer);
    }

    QueryResponse query(String user, String password, org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query query) {
        QueryRegistry request = new QueryRegistry(query);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse answer = node.ipf("xds-iti18", httpPort, user, password,
                EbXML30Converters.convert(request), AdhocQueryResponse.class);
        return EbXML30Converters.convertToQueryResponse(answer);
    }

    RetrievedDocumentSet retrieve(String user, String password, String repository, String documentUniqueId) {
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(repository, documentUniqueId, null));
        RetrieveDocumentSetResponseType answer = node.ipf("xds-iti43", httpPort, user, password,
                EbXML30Converters.convert(request), RetrieveDocumentSetResponseType.class);
        return EbXML30Converters.convert(answer);
    }
}
