package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.RegistryPatient;

/**
 * The node as XDS Document Registry over SOAP, called by IPF's own ITI-42 and ITI-18 producers as an independent
 * source and consumer would (HTTP Basic as a SENDER): a KOS registered and found by BSN, a resend stored once, an
 * unknown patient refused, a replacement deprecating the KOS it replaces, a bad submission leaving nothing behind,
 * and each request in the audit trail.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryNodeTest {
    static final Path dir = tempDir();

    static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("zorgbrug-registry");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dir.resolve("data").toString());
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:registry;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.spool-min-free", () -> "1MB");
        r.add("zorgbrug.registry.enabled", () -> "true");
        r.add("zorgbrug.users[0].name", () -> "source");
        r.add("zorgbrug.users[0].password", () -> "{noop}xds-test");
        r.add("zorgbrug.users[0].roles", () -> "SENDER");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    DataSource dataSource;

    private final Random random = new Random(42);

    private String endpoint(String transaction, String password) {
        return transaction + "://127.0.0.1:" + httpPort + "/services/" + transaction
                + "?audit=false&username=source&password=" + password;
    }

    private Response register(RegisterDocumentSet request) {
        RegistryResponseType answer = producer.requestBody(endpoint("xds-iti42", "xds-test"), request,
                RegistryResponseType.class);
        return EbXML30Converters.convert(answer);
    }

    private QueryResponse find(Identifiable patient, AvailabilityStatus status) {
        FindDocumentsQuery query = new FindDocumentsQuery();
        query.setPatientId(patient);
        query.setStatus(List.of(status));
        QueryRegistry request = new QueryRegistry(query);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse answer = producer.requestBody(endpoint("xds-iti18", "xds-test"), request,
                AdhocQueryResponse.class);
        return EbXML30Converters.convertToQueryResponse(answer);
    }

    @Test
    void aKosRegisteredOverItI42IsFoundOverIti18AndAudited() {
        Bsn bsn = TestSubmissions.bsn(random);
        Study study = Study.random(random, "CT");
        RegisterDocumentSet request = TestSubmissions.kos(bsn, study, random);
        assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);

        QueryResponse found = find(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED);
        assertThat(found.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(found.getDocumentEntries()).extracting(DocumentEntry::getUniqueId)
                .containsExactly(request.getDocumentEntries().get(0).getUniqueId());
        assertThat(found.getDocumentEntries().get(0).getReferenceIdList()).anySatisfy(r ->
                assertThat(r.getId()).isEqualTo(study.studyUid()));

        // A resend after a lost answer: Success, nothing stored twice.
        assertThat(register(request).getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(find(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries()).hasSize(1);

        // The replacement deprecates the first KOS.
        String firstUuid = found.getDocumentEntries().get(0).getEntryUuid();
        RegisterDocumentSet replacement = TestSubmissions.replacement(bsn, study, firstUuid, random);
        assertThat(register(replacement).getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(find(RegistryPatient.of(bsn), AvailabilityStatus.APPROVED).getDocumentEntries())
                .extracting(DocumentEntry::getUniqueId)
                .containsExactly(replacement.getDocumentEntries().get(0).getUniqueId());
        assertThat(find(RegistryPatient.of(bsn), AvailabilityStatus.DEPRECATED).getDocumentEntries())
                .extracting(DocumentEntry::getEntryUuid).containsExactly(firstUuid);

        // Every register and query is in the trail under the patient's BSN (the trail may be written a moment later).
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> trail = List.of();
        for (int i = 0; i < 100 && trail.size() < 7; i++) {
            trail = jdbc.queryForList("select type from audit_record where patient_bsn = ? order by seq",
                    String.class, bsn.value());
            sleep();
        }
        // register, find, resend, find, replacement, find (approved), find (deprecated): 3 RECEIVE and 4 QUERY
        assertThat(trail).containsExactly("RECEIVE", "QUERY", "RECEIVE", "QUERY", "RECEIVE", "QUERY", "QUERY");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anUnknownPatientIsRefusedAndNothingIsStored() {
        Identifiable otherAuthority = new Identifiable(TestSubmissions.bsn(random).value(),
                new AssigningAuthority("2.16.528.1.1007.99.4", "ISO"));
        RegisterDocumentSet request = TestSubmissions.kos(otherAuthority, Study.random(random, "MR"), random);
        Response response = register(request);
        assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(response.getErrors()).extracting(ErrorInfo::getErrorCode).contains(ErrorCode.UNKNOWN_PATIENT_ID);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from xds_document_entry where unique_id = ?", Integer.class,
                request.getDocumentEntries().get(0).getUniqueId())).isZero();

        QueryResponse query = find(new Identifiable("12345678", new AssigningAuthority(Bsn.ISSUER_OID, "ISO")),
                AvailabilityStatus.APPROVED);
        assertThat(query.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(query.getErrors().get(0).getCodeContext()).contains("$XDSDocumentEntryPatientId");
    }

    @Test
    void wrongEbRimIsAFailureWithItsCodeAndStoresNothing() {
        Bsn bsn = TestSubmissions.bsn(random);
        RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, "CT"), random);
        request.getDocumentEntries().get(0).setMimeType(null);
        Response response = register(request);
        assertThat(response.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(response.getErrors()).extracting(ErrorInfo::getErrorCode)
                .containsExactly(ErrorCode.REGISTRY_METADATA_ERROR);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "select count(*) from xds_submission_set where unique_id = ?", Integer.class,
                request.getSubmissionSet().getUniqueId())).isZero();
    }
}
