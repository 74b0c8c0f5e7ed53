package nl.zorgbrug.app.registry;

import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;
import org.apache.cxf.Bus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.job.Channel;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.Registration;

/**
 * RAD-68 to an external repository (issue 20 part 2, RAD TF-3 §4.68), a whole node as {@code bin/zorgbrug serve} starts
 * it with {@code zorgbrug.registry.source.transaction: RAD-68}: a study of the own PACS (dcmtk storescu) with its SR
 * report goes, as the registration job of channel REGISTRY, by IPF's {@code xds-iti41} producer over the network to an
 * external repository built with IPF ({@link ExternalRad68Repository}: validates with IPF's ITI-41 validator, stores,
 * registers with the node's registry). A busy repository is retried, a refusal holds the job with the repository's
 * words, and the submission is audited.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(Rad68NodeTest.ExternalRepositoryRoutes.class)
class Rad68NodeTest {
    static final String CONSUMER = "ris-consumer-rad68";
    static final String CONSUMER_PASSWORD = "consumer-test";
    static final RegistryNodeFixture node = RegistryNodeFixture.create("rad68");
    static final ExternalRad68Repository REPOSITORY = new ExternalRad68Repository();
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String NODE_REPOSITORY = "2.16.528.1.1007.99.7.1";
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
        node.node(r, "rad68node");
        node.registryUsers(r, CONSUMER, CONSUMER_PASSWORD);
        // The external repository is reached over the network (LosingProxy towards the node's HTTPS port, where the
        // test repository's endpoint is published); the node keeps its KOS for the job only.
        node.source(r, () -> "http://127.0.0.1:" + PROXY_PORT + "/services/" + ExternalRad68Repository.PATH,
                "Ziekenhuis Test", LOCAL_ISSUER, NODE_REPOSITORY);
        r.add("zorgbrug.registry.source.transaction", () -> "RAD-68");
        r.add("zorgbrug.registry.source.user", () -> SOURCE);
        r.add("zorgbrug.registry.source.password", () -> SOURCE_PASSWORD);
        node.registrationRoute(r, LOCAL_ISSUER);
        node.quickRetries(r);
        r.add("zorgbrug.retry.max-attempts", () -> "60");
    }

    @TestConfiguration
    static class ExternalRepositoryRoutes {
        @Bean
        RouteBuilder externalRad68Repository(@Qualifier(Bus.DEFAULT_BUS_ID) Bus bus, Registration registration) {
            return REPOSITORY.routes(bus, registration);
        }
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
    JobRepository jobs;

    @Autowired
    JobManager manager;

    @Autowired
    MpiStore mpi;

    @Autowired
    Acceptor dicom;

    private final Random random = new Random(System.nanoTime());

    @Test
    void aStudyAndItsReportGoToTheExternalRepositoryByRad68RetriedWhileTheRepositoryIsBusy() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(15).get(12));
        node.consentToImageAvailability(consent, bsn);
        mpi.save(new MpiPatient("PAT-RAD68-1", LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231",
                "M"));
        String study = TestSubmissions.uid(random);
        List<Path> files = files(study, "PAT-RAD68-1", true);

        REPOSITORY.fault.set(new ErrorInfo(ErrorCode.REPOSITORY_BUSY, "the repository is busy, try again",
                Severity.ERROR, null, null));
        try (LosingProxy network = new LosingProxy(PROXY_PORT, node.tls().getSocketFactory(), httpPort)) {
            assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicom.port(), files)).isZero();
            Job busy = RegistryNodeFixture.awaitRegistration(jobs, study, j -> j.state() == JobState.FAILED
                    && j.retryAt() != null && j.reason() != null && j.reason().contains("XDSRepositoryBusy"),
                    "failed: repository busy");
            assertThat(busy.channel()).isEqualTo(Channel.REGISTRY);
            assertThat(busy.reason()).contains("RAD-68").contains("the repository is busy, try again")
                    .contains("automatic retry");
            REPOSITORY.fault.set(null);
            RegistryNodeFixture.awaitRegistration(jobs, study, j -> j.state() == JobState.DONE, "done");
        }
        assertThat(REPOSITORY.invalid).as("IPF's ITI-41 validator took every submission").isEmpty();

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String kosUid = jdbc.queryForObject("select document_unique_id from xds_repository_document where"
                + " study_instance_uid = ? and registered is not null", String.class, study);
        byte[] kos = jdbc.queryForObject("select kos from xds_repository_document where document_unique_id = ?",
                byte[].class, kosUid);
        assertThat(REPOSITORY.stored.get(kosUid)).as("the KOS's bytes at the repository").isEqualTo(kos);
        assertThat(new String(REPOSITORY.stored.get(study + ".2.1"), StandardCharsets.UTF_8))
                .as("the report's text at the repository").contains("Geen afwijkingen aan de longen.");

        List<DocumentEntry> entries = byStudy(bsn, study);
        assertThat(entries).extracting(e -> e.getClassCode().getCode()).containsExactlyInAnyOrder("IMAGES", "REPORTS");
        assertThat(entries).extracting(DocumentEntry::getRepositoryUniqueId)
                .containsOnly(ExternalRad68Repository.UNIQUE_ID);
        assertThat(entries).filteredOn(e -> e.getUniqueId().equals(kosUid)).singleElement().satisfies(e -> {
            assertThat(e.getMimeType()).isEqualTo("application/dicom");
            assertThat(e.getFormatCode().getCode()).isEqualTo("1.2.840.10008.5.1.4.1.1.88.59");
        });
        assertThat(entries).filteredOn(e -> e.getClassCode().getCode().equals("REPORTS")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getUniqueId()).isEqualTo(study + ".2.1");
                    assertThat(e.getReferenceIdList()).extracting(ReferenceId::getId).contains(study);
                });

        List<AuditEvent> trail = RegistryNodeFixture.trail(dataSource, bsn);
        assertThat(trail).filteredOn(e -> e.type() == EventType.SEND && e.detail().startsWith("register: "))
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("RAD-68 to http://127.0.0.1:"
                        + PROXY_PORT).contains(kosUid).contains("registered"));
    }

    @Test
    void aRepositoryRefusalHoldsTheJobWithTheRepositorysWordsUntilReleased() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(15).get(13));
        mpi.save(new MpiPatient("PAT-RAD68-2", LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231",
                "M"));
        String study = TestSubmissions.uid(random);
        REPOSITORY.fault.set(new ErrorInfo(ErrorCode.REPOSITORY_ERROR, "the repository's storage is read-only",
                Severity.ERROR, null, null));
        try (LosingProxy network = new LosingProxy(PROXY_PORT, node.tls().getSocketFactory(), httpPort)) {
            assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicom.port(), files(study, "PAT-RAD68-2", false)))
                    .isZero();
            Job held = RegistryNodeFixture.awaitRegistration(jobs, study, j -> j.state() == JobState.HELD, "held");
            assertThat(held.reason()).startsWith("REPOSITORY_REFUSED: ").contains("XDSRepositoryError")
                    .contains("the repository's storage is read-only");
            assertThat(RegistryNodeFixture.trail(dataSource, bsn))
                    .filteredOn(e -> e.type() == EventType.SEND && e.detail().startsWith("register: "))
                    .singleElement().satisfies(e -> assertThat(e.detail()).contains("RAD-68").contains("refused"));

            REPOSITORY.fault.set(null);
            manager.release(held.id(), "operator");
            RegistryNodeFixture.awaitRegistration(jobs, study, j -> j.state() == JobState.DONE, "done after release");
        }
        assertThat(byStudy(bsn, study)).singleElement().satisfies(e -> assertThat(e.getRepositoryUniqueId())
                .isEqualTo(ExternalRad68Repository.UNIQUE_ID));
    }

    /** Two CT instances (and with {@code report} a Basic Text SR report) of the own PACS under {@code localId}. */
    private List<Path> files(String study, String localId, boolean report) throws IOException {
        Path pacs = Files.createDirectories(node.dir.resolve("pacs-" + study));
        List<Path> out = new ArrayList<>();
        OwnPacsStudy own = new OwnPacsStudy(study, localId, LOCAL_ISSUER, "ACC-RAD68");
        for (String instance : List.of(".1.1", ".1.2")) {
            out.add(OwnPacsStudy.write(pacs, own.ct(instance)));
        }
        if (report) {
            out.add(OwnPacsStudy.write(pacs, own.report(".2.1")));
        }
        return out;
    }

    /** ITI-18 FindDocumentsByReferenceId at the node's registry as the consumer (consent asked there). */
    private List<DocumentEntry> byStudy(Bsn bsn, String study) {
        node.consentToImageAvailability(consent, bsn);
        FindDocumentsByReferenceIdQuery q = new FindDocumentsByReferenceIdQuery();
        q.setPatientId(RegistryPatient.of(bsn));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        q.setTypedReferenceIds(new QueryList<>(new ReferenceId(study, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        QueryRegistry request = new QueryRegistry(q);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse answer = node.ipf("xds-iti18", httpPort, CONSUMER, CONSUMER_PASSWORD,
                EbXML30Converters.convert(request), AdhocQueryResponse.class);
        return EbXML30Converters.convertToQueryResponse(answer).getDocumentEntries();
    }
}
