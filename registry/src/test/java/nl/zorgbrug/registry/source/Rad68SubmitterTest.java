package nl.zorgbrug.registry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.ProvideAndRegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.ProvideAndRegisterDocumentSetRequestValidator;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.InMemoryMetadataStore;

/**
 * RAD-68 to an external repository (RAD TF-3 §4.68): the registration job's kept submission goes with its documents to
 * a repository that checks it with IPF's own ITI-41 validator after the ebXML round trip, stores the documents, gives
 * the entries its repositoryUniqueId and registers the metadata with its registry (an in-memory registry with the
 * registry's own rules), as an XDS Document Repository does (ITI TF-2 §3.41.4.1.3).
 */
class Rad68SubmitterTest {
    static final RegistryEndpoint REPOSITORY = new RegistryEndpoint("https://repository.test/services/xds-iti41");
    static final String EXTERNAL_REPOSITORY = "2.16.528.1.1007.99.8.1";
    private static final ProvideAndRegisterDocumentSetTransformer EBXML =
            new ProvideAndRegisterDocumentSetTransformer(new EbXMLFactory30());

    private final Random random = new Random(68);
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final Registration registration = new Registration(store, RegistryEvents.NONE);
    private final StoredQueries queries = new StoredQueries(store, RegistryEvents.NONE, 100, AnswerConsent.EVERYONE);
    private final InMemoryKosRepository kept = new InMemoryKosRepository();
    /** The external repository's store: document uniqueId to the bytes it received. */
    private final Map<String, byte[]> stored = new LinkedHashMap<>();
    private final List<ProvideAndRegisterDocumentSet> received = new ArrayList<>();
    private final List<String> audited = new ArrayList<>();
    /** The repositoryUniqueId each entry arrived with, before the repository gave it its own. */
    private final List<String> arrivedWith = new ArrayList<>();
    /** What the repository answers next instead of storing: null (it stores), or its error. */
    private ErrorInfo fault;

    private final Rad68Client repository = (to, request) -> {
        // As the wire carries it: ebXML 3.0, checked by IPF's ITI-41 validator, read back.
        var ebXml = EBXML.toEbXML(request);
        ProvideAndRegisterDocumentSetRequestValidator.getInstance().validate(ebXml, XDS.Interactions.ITI_41);
        ProvideAndRegisterDocumentSet got = EBXML.fromEbXML(ebXml);
        received.add(got);
        if (fault != null) {
            Response r = new Response(Status.FAILURE);
            r.getErrors().add(fault);
            return r;
        }
        RegisterDocumentSet register = new RegisterDocumentSet();
        register.setSubmissionSet(got.getSubmissionSet());
        for (Document d : got.getDocuments()) {
            arrivedWith.add(d.getDocumentEntry().getRepositoryUniqueId());
            try {
                stored.put(d.getDocumentEntry().getUniqueId(), d.getDataHandler().getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            d.getDocumentEntry().setRepositoryUniqueId(EXTERNAL_REPOSITORY);
            register.getDocumentEntries().add(d.getDocumentEntry());
        }
        register.getAssociations().addAll(got.getAssociations());
        return registration.register(register);
    };

    private KosRegistrar registrar() {
        return new KosRegistrar(KosRegistrarTest.SETTINGS, kept, new Rad68Submitter(repository, kept),
                (bsn, study, uid, job, to, outcome, detail) -> audited.add(outcome + " " + detail), study -> false,
                Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theKosAndItsReportGoWithTheirBytesAsOneSubmissionAndAReplacementGoesWithRplc() throws Exception {
        KosRegistrar registrar = registrar();
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = KosRegistrarTest.job(21, study, Direction.EXPORT);
        List<KosRegistrar.StudyObject> objects = new ArrayList<>();
        objects.add(new KosRegistrar.StudyObject(KosRegistrarTest.head(study, ".1", ".1.1", KosRegistrarTest.CT, "CT"),
                Optional.of(bsn)));
        objects.add(new KosRegistrar.StudyObject(KosRegistrarTest.report(study, ".2.1", "Geen afwijkingen.", null),
                Optional.of(bsn)));

        assertThat(registrar.attempt(job, objects, Set.of(study + ".1.1", study + ".2.1"), REPOSITORY))
                .isInstanceOf(KosRegistrar.Result.Registered.class);
        KosRepository.KeptKos kos = kept.forJob(21).orElseThrow();

        assertThat(received).singleElement().satisfies(p -> assertThat(p.getDocuments()).hasSize(2));
        assertThat(arrivedWith).as("repositoryUniqueId left to the repository").hasSize(2).containsOnlyNulls();
        assertThat(stored.get(kos.documentUniqueId())).as("the KOS's bytes as kept").isEqualTo(kos.kos());
        assertThat(stored.get(study + ".2.1")).as("the report's bytes as kept")
                .isEqualTo(kept.findReport(study + ".2.1").orElseThrow().bytes());
        List<DocumentEntry> entries = found(bsn, AvailabilityStatus.APPROVED);
        assertThat(entries).extracting(DocumentEntry::getRepositoryUniqueId).containsOnly(EXTERNAL_REPOSITORY);
        assertThat(entries).filteredOn(e -> e.getUniqueId().equals(kos.documentUniqueId())).singleElement()
                .satisfies(e -> {
                    assertThat(e.getMimeType()).isEqualTo("application/dicom");
                    assertThat(e.getFormatCode().getCode()).isEqualTo("1.2.840.10008.5.1.4.1.1.88.59");
                    assertThat(e.getClassCode().getCode()).isEqualTo("IMAGES");
                });
        assertThat(entries).filteredOn(e -> e.getClassCode().getCode().equals("REPORTS")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getUniqueId()).isEqualTo(study + ".2.1");
                    assertThat(e.getMimeType()).isEqualTo("text/plain");
                    assertThat(e.getReferenceIdList()).extracting(r -> r.getId()).contains(study);
                });
        assertThat(audited).singleElement().satisfies(a -> assertThat(a).startsWith("REGISTERED RAD-68 to "
                + REPOSITORY.url()).contains(kos.documentUniqueId()));

        // A third instance after the registration: the replacement KOS goes by RAD-68 too, with RPLC to the first.
        String firstEntryUuid = entries.stream().filter(e -> e.getUniqueId().equals(kos.documentUniqueId()))
                .findFirst().orElseThrow().getEntryUuid();
        List<KosRegistrar.StudyObject> later = List.of(new KosRegistrar.StudyObject(
                KosRegistrarTest.head(study, ".1", ".1.2", KosRegistrarTest.CT, "CT"), Optional.of(bsn)));
        assertThat(registrar.attempt(job, later, Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), REPOSITORY))
                .isInstanceOf(KosRegistrar.Result.Registered.class);
        KosRepository.KeptKos replacement = kept.forJob(21).orElseThrow();
        assertThat(replacement.replaces()).isEqualTo(kos.documentUniqueId());
        assertThat(received).hasSize(2);
        assertThat(received.get(1).getDocuments()).as("the report was registered with the first KOS").singleElement()
                .satisfies(d -> assertThat(d.getDocumentEntry().getUniqueId()).isEqualTo(replacement.documentUniqueId()));
        assertThat(received.get(1).getAssociations()).filteredOn(a -> a.getAssociationType() == AssociationType.REPLACE)
                .singleElement().satisfies(a -> assertThat(a.getTargetUuid()).isEqualTo(firstEntryUuid));
        assertThat(stored.get(replacement.documentUniqueId())).isEqualTo(replacement.kos());
        assertThat(found(bsn, AvailabilityStatus.DEPRECATED)).extracting(DocumentEntry::getUniqueId)
                .containsExactly(kos.documentUniqueId());
    }

    @Test
    void aBusyRepositoryIsRetriedAndARefusalHoldsTheJobWithTheRepositorysWords() {
        KosRegistrar registrar = registrar();
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = KosRegistrarTest.job(22, study, Direction.EXPORT);
        Set<String> uids = Set.of(study + ".1.1", study + ".1.2", study + ".2.1");

        fault = new ErrorInfo(ErrorCode.REPOSITORY_BUSY, "try again in a minute", Severity.ERROR, null, null);
        assertThat(registrar.attempt(job, KosRegistrarTest.objects(study, Optional.of(bsn)), uids, REPOSITORY))
                .isInstanceOfSatisfying(KosRegistrar.Result.Failed.class, f -> {
                    assertThat(f.failure().permanent()).isFalse();
                    assertThat(f.failure().reason()).contains("RAD-68").contains("repository")
                            .contains("try again in a minute");
                });
        fault = new ErrorInfo(ErrorCode.REPOSITORY_ERROR, "disk of the repository full", Severity.ERROR, null, null);
        assertThat(registrar.attempt(job, KosRegistrarTest.objects(study, Optional.of(bsn)), uids, REPOSITORY))
                .isInstanceOfSatisfying(KosRegistrar.Result.Held.class, h -> assertThat(h.reason())
                        .startsWith("REPOSITORY_REFUSED: ").contains("XDSRepositoryError")
                        .contains("disk of the repository full"));
        assertThat(audited).singleElement().satisfies(a -> assertThat(a).startsWith("REFUSED RAD-68 to "));
        assertThat(received).as("the same kept submission each time").hasSize(2);
        assertThat(received.get(1).getSubmissionSet().getUniqueId())
                .isEqualTo(received.get(0).getSubmissionSet().getUniqueId());

        fault = null;
        assertThat(registrar.attempt(job, KosRegistrarTest.objects(study, Optional.of(bsn)), uids, REPOSITORY))
                .as("released after the repository was fixed").isInstanceOf(KosRegistrar.Result.Registered.class);
        assertThat(found(bsn, AvailabilityStatus.APPROVED)).hasSize(1);
    }

    private List<DocumentEntry> found(Bsn bsn, AvailabilityStatus status) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(RegistryPatient.of(bsn));
        q.setStatus(List.of(status));
        QueryRegistry request = new QueryRegistry(q);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return queries.query(request).getDocumentEntries();
    }
}
