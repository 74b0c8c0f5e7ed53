package nl.zorgbrug.registry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.InMemoryMetadataStore;

/**
 * One registration job's attempts against the registry's own rules (an in-memory registry behind a client that can be
 * down or lose its answer): the KOS is made once and kept, every attempt sends the kept request, so a resend after a
 * lost answer stores nothing twice; refusals hold the job with the registry's words; imported studies never go.
 */
class KosRegistrarTest {
    static final RegistryEndpoint REGISTRY = new RegistryEndpoint("https://registry.test/services/xds-iti42");
    static final KosRegistrar.Settings SETTINGS = new KosRegistrar.Settings("ZORGBRUG", TestSubmissions.REPOSITORY,
            KosSubmissionTest.SOURCE);
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String SR = "1.2.840.10008.5.1.4.1.1.88.11";

    private final Random random = new Random(42);
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final Registration registration = new Registration(store, RegistryEvents.NONE);
    private final StoredQueries queries = new StoredQueries(store, RegistryEvents.NONE, 100, AnswerConsent.EVERYONE);
    private final InMemoryKosRepository repository = new InMemoryKosRepository();
    private final List<String> sent = new ArrayList<>();
    private final List<SourceEvents.Outcome> audited = new ArrayList<>();
    /** What the registry's client does with the next request: "down", "lose" (store, answer lost) or "up". */
    private String network = "up";

    private final Iti42Client client = (registry, request) -> {
        sent.add(EbRim.digest(request));
        switch (network) {
            case "down" -> throw new ConnectException("Connection refused");
            case "lose" -> {
                registration.register(request);
                throw new IOException("Unexpected end of file from server");
            }
            default -> {
                return registration.register(request);
            }
        }
    };

    private KosRegistrar registrar(Predicate<String> importedHere) {
        return new KosRegistrar(SETTINGS, repository, client,
                (bsn, study, uid, job, registry, outcome, detail) -> audited.add(outcome), importedHere,
                Clock.fixed(Instant.parse("2026-12-06T13:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void downThenUpRetriesAndTheLostAnswerIsAResendThatStoresNothingTwice() throws Exception {
        KosRegistrar registrar = registrar(study -> false);
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = job(7, study, Direction.EXPORT);
        List<KosRegistrar.StudyObject> objects = objects(study, Optional.of(bsn));
        Set<String> uids = Set.of(study + ".1.1", study + ".1.2", study + ".2.1");

        network = "down";
        KosRegistrar.Result down = registrar.attempt(job, objects, uids, REGISTRY);
        assertThat(down).isInstanceOfSatisfying(KosRegistrar.Result.Failed.class,
                f -> assertThat(f.failure().permanent()).as(f.failure().reason()).isFalse());
        assertThat(repository.forJob(7)).as("kept before it was first sent").isPresent()
                .get().satisfies(k -> assertThat(k.registered()).isNull());

        network = "lose";
        assertThat(registrar.attempt(job, objects, uids, REGISTRY)).isInstanceOf(KosRegistrar.Result.Failed.class);
        assertThat(found(bsn)).as("stored, though the answer was lost").hasSize(1);

        network = "up";
        KosRegistrar.Result up = registrar.attempt(job, objects, uids, REGISTRY);
        assertThat(up).isInstanceOf(KosRegistrar.Result.Registered.class);
        assertThat(found(bsn)).as("the resend stored nothing twice").hasSize(1);
        assertThat(sent).hasSize(3).containsOnly(sent.get(0));
        assertThat(audited).containsExactly(SourceEvents.Outcome.REGISTERED);

        KosRepository.KeptKos kept = repository.forJob(7).orElseThrow();
        assertThat(kept.registered()).isNotNull();
        assertThat(found(bsn).get(0).getUniqueId()).isEqualTo(kept.documentUniqueId());
        assertThat(found(bsn).get(0).getEventCodeList()).extracting(c -> c.getCode()).containsExactly("CT", "SR");
        // The kept KOS is the XDS-I.b manifest of every instance, under the local patient id.
        DataSet kos = Part10Reader.read(new java.io.ByteArrayInputStream(kept.kos()), "kept", kept.kos().length, -1L).dataSet();
        assertThat(kos.getString(Tag.PatientID)).isEqualTo("PAT-1");
        assertThat(ManifestBuilder.read(kos)).as("no delivery manifest").isEmpty();
        assertThat(kos.getSequence(Tag.ContentSequence)).hasSize(3);
        assertThat(registrar.attempt(job, objects, uids, REGISTRY)).as("after a restart before the job was DONE")
                .isInstanceOfSatisfying(KosRegistrar.Result.Registered.class, r -> assertThat(r.before()).isTrue());
        assertThat(sent).hasSize(3);
    }

    @Test
    void aRefusalHoldsTheJobWithTheRegistrysWordsAndBusyIsRetried() {
        String study = TestSubmissions.uid(random);
        Bsn bsn = TestSubmissions.bsn(random);
        List<ErrorInfo> errors = new ArrayList<>();
        KosRegistrar registrar = new KosRegistrar(SETTINGS, repository, (registry, request) -> {
            Response r = new Response(Status.FAILURE);
            r.getErrors().addAll(errors);
            return r;
        }, (b, s, u, j, r, outcome, detail) -> audited.add(outcome), s -> false, Clock.systemUTC());
        errors.add(new ErrorInfo(ErrorCode.REGISTRY_BUSY, "try later", Severity.ERROR, null, null));
        assertThat(registrar.attempt(job(8, study, Direction.EXPORT), objects(study, Optional.of(bsn)),
                Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), REGISTRY))
                .isInstanceOfSatisfying(KosRegistrar.Result.Failed.class, f -> assertThat(f.failure().permanent()).isFalse());

        errors.clear();
        errors.add(new ErrorInfo(ErrorCode.UNKNOWN_PATIENT_ID, "patient ...1234 unknown", Severity.ERROR, null, null));
        assertThat(registrar.attempt(job(8, study, Direction.EXPORT), objects(study, Optional.of(bsn)),
                Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), REGISTRY))
                .isInstanceOfSatisfying(KosRegistrar.Result.Held.class, h -> assertThat(h.reason())
                        .startsWith("REGISTRY_REFUSED").contains("XDSUnknownPatientId: patient ...1234 unknown"));
        assertThat(audited).containsExactly(SourceEvents.Outcome.REFUSED);
    }

    @Test
    void importedStudiesAreNeverRegisteredAndWithoutBsnOrAfterAChangeTheJobIsHeld() {
        String imported = TestSubmissions.uid(random);
        KosRegistrar registrar = registrar(imported::equals);
        Bsn bsn = TestSubmissions.bsn(random);
        Set<String> uids = Set.of(imported + ".1.1");

        assertThat(registrar.attempt(job(9, imported, Direction.EXPORT), objects(imported, Optional.of(bsn)), uids,
                REGISTRY)).isInstanceOfSatisfying(KosRegistrar.Result.Failed.class, f -> assertThat(f.failure())
                .satisfies(x -> assertThat(x.permanent()).isTrue()).satisfies(x -> assertThat(x.reason())
                        .startsWith("IMPORTED_STUDY")));
        String other = TestSubmissions.uid(random);
        assertThat(registrar.attempt(job(10, other, Direction.IMPORT), objects(other, Optional.of(bsn)),
                Set.of(other + ".1.1"), REGISTRY)).isInstanceOf(KosRegistrar.Result.Failed.class);

        assertThat(registrar.attempt(job(11, other, Direction.EXPORT), objects(other, Optional.empty()),
                Set.of(other + ".1.1"), REGISTRY)).isInstanceOfSatisfying(KosRegistrar.Result.Held.class,
                h -> assertThat(h.reason()).startsWith("NO_BSN"));
        assertThat(sent).isEmpty();
        assertThat(repository.forJob(11)).isEmpty();

        Set<String> three = Set.of(other + ".1.1", other + ".1.2", other + ".2.1");
        assertThat(registrar.attempt(job(12, other, Direction.EXPORT), objects(other, Optional.of(bsn)), three,
                REGISTRY)).isInstanceOf(KosRegistrar.Result.Registered.class);
        assertThat(registrar.attempt(job(12, other, Direction.EXPORT), objects(other, Optional.of(bsn)),
                Set.of(other + ".1.1", other + ".1.2", other + ".2.1", other + ".2.2"), REGISTRY))
                .isInstanceOfSatisfying(KosRegistrar.Result.Held.class, h -> assertThat(h.reason())
                        .startsWith("STUDY_CHANGED"));
    }

    @Test
    void aStudyChangedAfterRegistrationGetsAReplacementKosAndFindDocumentsShowsTheFirstOnlyAsDeprecated()
            throws Exception {
        KosRegistrar registrar = registrar(study -> false);
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = job(13, study, Direction.EXPORT);
        Set<String> three = Set.of(study + ".1.1", study + ".1.2", study + ".2.1");
        assertThat(registrar.attempt(job, objects(study, Optional.of(bsn)), three, REGISTRY))
                .isInstanceOf(KosRegistrar.Result.Registered.class);
        KosRepository.KeptKos first = repository.forJob(13).orElseThrow();
        String firstEntryUuid = EbRim.read(first.submission()).getDocumentEntries().get(0).getEntryUuid();

        // A fourth instance arrives after the registration; the spool let the first three go.
        List<KosRegistrar.StudyObject> later = List.of(new KosRegistrar.StudyObject(
                head(study, ".1", ".1.3", CT, "CT"), Optional.of(bsn)));
        Set<String> four = Set.of(study + ".1.1", study + ".1.2", study + ".2.1", study + ".1.3");
        network = "lose";
        assertThat(registrar.attempt(job, later, four, REGISTRY)).isInstanceOf(KosRegistrar.Result.Failed.class);
        KosRepository.KeptKos replacement = repository.forJob(13).orElseThrow();
        assertThat(replacement.replaces()).as("kept before it was first sent").isEqualTo(first.documentUniqueId());
        assertThat(replacement.documentUniqueId()).isNotEqualTo(first.documentUniqueId());
        network = "up";
        assertThat(registrar.attempt(job, later, four, REGISTRY)).isInstanceOfSatisfying(
                KosRegistrar.Result.Registered.class, r -> assertThat(r.kos().documentUniqueId())
                        .isEqualTo(replacement.documentUniqueId()));
        assertThat(sent).as("the first request, then the replacement's kept request twice").hasSize(3);
        assertThat(sent.get(2)).isEqualTo(sent.get(1)).isNotEqualTo(sent.get(0));
        assertThat(audited).containsExactly(SourceEvents.Outcome.REGISTERED, SourceEvents.Outcome.REGISTERED);

        // ITI-18 FindDocuments: the replacement Approved, of the same study, under the first's logicalUUID; the first
        // only when deprecated entries are asked for.
        assertThat(found(bsn, AvailabilityStatus.APPROVED)).singleElement().satisfies(e -> {
            assertThat(e.getUniqueId()).isEqualTo(replacement.documentUniqueId());
            assertThat(e.getAvailabilityStatus()).isEqualTo(AvailabilityStatus.APPROVED);
            assertThat(e.getReferenceIdList()).extracting(r -> r.getId()).contains(study);
            assertThat(e.getEventCodeList()).extracting(c -> c.getCode()).containsExactly("CT", "SR");
            assertThat(e.getLogicalUuid()).isEqualTo(firstEntryUuid);
        });
        assertThat(found(bsn, AvailabilityStatus.DEPRECATED)).singleElement().satisfies(e -> {
            assertThat(e.getUniqueId()).isEqualTo(first.documentUniqueId());
            assertThat(e.getEntryUuid()).isEqualTo(firstEntryUuid);
        });
        assertThat(found(bsn, AvailabilityStatus.APPROVED, AvailabilityStatus.DEPRECATED)).hasSize(2);

        // The replacement lists all four instances, three of them known only from the first KOS; the first is kept.
        DataSet kos = Part10Reader.read(new java.io.ByteArrayInputStream(replacement.kos()), "kept",
                replacement.kos().length, -1L).dataSet();
        assertThat(kos.getSequence(Tag.ContentSequence)).hasSize(4);
        assertThat(repository.find(first.documentUniqueId())).isPresent();
        assertThat(registrar.attempt(job, later, four, REGISTRY)).as("after a restart before the job was DONE")
                .isInstanceOfSatisfying(KosRegistrar.Result.Registered.class, r -> assertThat(r.before()).isTrue());
        assertThat(sent).hasSize(3);
    }

    @Test
    void aChangeBeforeTheFirstKosWasAnsweredSendsThatKosFirstThenItsReplacement() {
        KosRegistrar registrar = registrar(study -> false);
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = job(14, study, Direction.EXPORT);
        network = "down";
        assertThat(registrar.attempt(job, objects(study, Optional.of(bsn)),
                Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), REGISTRY))
                .isInstanceOf(KosRegistrar.Result.Failed.class);
        KosRepository.KeptKos first = repository.forJob(14).orElseThrow();

        network = "up";
        List<KosRegistrar.StudyObject> all = new ArrayList<>(objects(study, Optional.of(bsn)));
        all.add(new KosRegistrar.StudyObject(head(study, ".2", ".2.2", SR, "SR"), Optional.of(bsn)));
        assertThat(registrar.attempt(job, all, Set.of(study + ".1.1", study + ".1.2", study + ".2.1", study + ".2.2"),
                REGISTRY)).isInstanceOf(KosRegistrar.Result.Registered.class);
        assertThat(sent).as("down; the first KOS (an RPLC must name a registered entry); its replacement").hasSize(3);
        assertThat(found(bsn, AvailabilityStatus.APPROVED)).extracting(e -> e.getUniqueId())
                .containsExactly(repository.forJob(14).orElseThrow().documentUniqueId());
        assertThat(found(bsn, AvailabilityStatus.DEPRECATED)).extracting(e -> e.getUniqueId())
                .containsExactly(first.documentUniqueId());
    }

    /**
     * Part 2, the report: the study's SR report is registered in the KOS's submission as a DocumentEntry of classCode
     * REPORTS with the KOS's referenceIdList, kept with the KOS and served by ITI-43 (as text, with consent; "no
     * consent" without; not before its KOS was registered). When the study changes, the replacement KOS does not add
     * the registered report again; a corrected report that names it as its predecessor replaces it (RPLC), and an
     * Encapsulated PDF that came with the change joins as a report of its own.
     */
    @Test
    void theReportIsRegisteredBesideTheKosServedByIti43AndACorrectedReportReplacesIt() throws Exception {
        KosRegistrar registrar = registrar(study -> false);
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        Job job = job(15, study, Direction.EXPORT);
        List<KosRegistrar.StudyObject> objects = new ArrayList<>();
        objects.add(new KosRegistrar.StudyObject(head(study, ".1", ".1.1", CT, "CT"), Optional.of(bsn)));
        objects.add(new KosRegistrar.StudyObject(report(study, ".2.1", "Geen afwijkingen.", null), Optional.of(bsn)));
        Set<String> two = Set.of(study + ".1.1", study + ".2.1");
        AnswerConsent.Verdict[] verdict = {AnswerConsent.Verdict.permit()};
        DocumentRetrieval iti43 = new DocumentRetrieval(TestSubmissions.REPOSITORY, repository, p -> verdict[0],
                SourceEvents.NONE);

        network = "down";
        assertThat(registrar.attempt(job, objects, two, REGISTRY)).isInstanceOf(KosRegistrar.Result.Failed.class);
        assertThat(repository.findReport(study + ".2.1")).as("kept with its KOS before the first send").isPresent();
        assertThat(iti43.retrieve(retrieve(study + ".2.1")).getErrors()).as("not served before it is registered")
                .extracting(e -> e.getErrorCode()).containsExactly(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR);
        network = "up";
        assertThat(registrar.attempt(job, objects, two, REGISTRY)).isInstanceOf(KosRegistrar.Result.Registered.class);
        KosRepository.KeptKos first = repository.forJob(15).orElseThrow();

        List<org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry> entries = found(bsn);
        assertThat(entries).extracting(e -> e.getClassCode().getCode()).containsExactlyInAnyOrder("IMAGES", "REPORTS");
        assertThat(entries).filteredOn(e -> e.getClassCode().getCode().equals("REPORTS")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getUniqueId()).isEqualTo(study + ".2.1");
                    assertThat(e.getMimeType()).isEqualTo("text/plain");
                    assertThat(e.getReferenceIdList()).extracting(r -> r.getId()).contains(study);
                    assertThat(e.getSize()).isEqualTo(repository.findReport(study + ".2.1").orElseThrow().bytes().length);
                });
        org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet served =
                iti43.retrieve(retrieve(study + ".2.1"));
        assertThat(served.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(served.getDocuments()).singleElement().satisfies(d -> {
            assertThat(d.getMimeType()).isEqualTo("text/plain");
            assertThat(new String(d.getDataHandler().getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("Geen afwijkingen.");
        });
        verdict[0] = new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "for URA 00002222");
        assertThat(iti43.retrieve(retrieve(study + ".2.1")).getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getCodeContext()).startsWith("NO_CONSENT: "));

        // The study changes: a corrected report naming the first as its predecessor, and a PDF addendum.
        List<KosRegistrar.StudyObject> later = List.of(
                new KosRegistrar.StudyObject(report(study, ".2.2", "Correctie: nodulus rechts.", study + ".2.1"),
                        Optional.of(bsn)),
                new KosRegistrar.StudyObject(pdf(study, ".3.1"), Optional.of(bsn)));
        Set<String> four = Set.of(study + ".1.1", study + ".2.1", study + ".2.2", study + ".3.1");
        assertThat(registrar.attempt(job, later, four, REGISTRY)).isInstanceOf(KosRegistrar.Result.Registered.class);
        KosRepository.KeptKos replacement = repository.forJob(15).orElseThrow();
        assertThat(EbRim.read(replacement.submission()).getDocumentEntries()).as("the first report not again")
                .extracting(e -> e.getUniqueId()).containsExactlyInAnyOrder(replacement.documentUniqueId(),
                        study + ".2.2", study + ".3.1");
        assertThat(found(bsn, AvailabilityStatus.APPROVED)).extracting(e -> e.getUniqueId())
                .containsExactlyInAnyOrder(replacement.documentUniqueId(), study + ".2.2", study + ".3.1");
        assertThat(found(bsn, AvailabilityStatus.DEPRECATED)).extracting(e -> e.getUniqueId())
                .containsExactlyInAnyOrder(first.documentUniqueId(), study + ".2.1");
        verdict[0] = AnswerConsent.Verdict.permit();
        assertThat(iti43.retrieve(retrieve(study + ".3.1")).getDocuments()).singleElement().satisfies(d -> {
            assertThat(d.getMimeType()).isEqualTo("application/pdf");
            assertThat(d.getDataHandler().getInputStream().readAllBytes()).startsWith("%PDF-1.4".getBytes());
        });
    }

    private static org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet retrieve(String uid) {
        org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet r =
                new org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet();
        r.getDocuments().add(new org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference(
                TestSubmissions.REPOSITORY, uid, null));
        return r;
    }

    /** A Basic Text SR report of the study in series .2; with {@code predecessor} a correction of that report. */
    static DataSet report(String study, String instance, String text, String predecessor) {
        DataSet ds = head(study, ".2", instance, SR, "SR");
        ds.setString(Tag.ValueType, nl.zorgbrug.dicom.data.VR.CS, "CONTAINER");
        ds.setSequence(Tag.ConceptNameCodeSequence, List.of(code(ds, "18748-4", "Verslag CT thorax")));
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.ValueType, nl.zorgbrug.dicom.data.VR.CS, "TEXT");
        item.setSequence(Tag.ConceptNameCodeSequence, List.of(code(item, "121071", "Bevinding")));
        item.setString(Tag.TextValue, nl.zorgbrug.dicom.data.VR.UT, text);
        ds.setSequence(Tag.ContentSequence, List.of(item));
        if (predecessor != null) {
            DataSet studyRef = DataSet.itemOf(ds);
            studyRef.setString(Tag.StudyInstanceUID, nl.zorgbrug.dicom.data.VR.UI, study);
            DataSet seriesRef = DataSet.itemOf(studyRef);
            seriesRef.setString(Tag.SeriesInstanceUID, nl.zorgbrug.dicom.data.VR.UI, study + ".2");
            DataSet sopRef = DataSet.itemOf(seriesRef);
            sopRef.setString(Tag.ReferencedSOPClassUID, nl.zorgbrug.dicom.data.VR.UI, SR);
            sopRef.setString(Tag.ReferencedSOPInstanceUID, nl.zorgbrug.dicom.data.VR.UI, predecessor);
            seriesRef.setSequence(Tag.ReferencedSOPSequence, List.of(sopRef));
            studyRef.setSequence(Tag.ReferencedSeriesSequence, List.of(seriesRef));
            ds.setSequence(Tag.PredecessorDocumentsSequence, List.of(studyRef));
        }
        return ds;
    }

    /** An Encapsulated PDF report of the study in series .3. */
    static DataSet pdf(String study, String instance) {
        DataSet ds = head(study, ".3", instance, ReportDocument.ENCAPSULATED_PDF, "DOC");
        ds.setString(Tag.MIMETypeOfEncapsulatedDocument, nl.zorgbrug.dicom.data.VR.LO, "application/pdf");
        ds.setString(Tag.DocumentTitle, nl.zorgbrug.dicom.data.VR.ST, "Addendum");
        ds.setBytes(Tag.EncapsulatedDocument, nl.zorgbrug.dicom.data.VR.OB,
                "%PDF-1.4\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return ds;
    }

    private static DataSet code(DataSet parent, String value, String meaning) {
        DataSet c = DataSet.itemOf(parent);
        c.setString(Tag.CodeValue, nl.zorgbrug.dicom.data.VR.SH, value);
        c.setString(Tag.CodingSchemeDesignator, nl.zorgbrug.dicom.data.VR.SH, "DCM");
        c.setString(Tag.CodeMeaning, nl.zorgbrug.dicom.data.VR.LO, meaning);
        return c;
    }

    private List<org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry> found(Bsn bsn) {
        return found(bsn, AvailabilityStatus.APPROVED);
    }

    private List<org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry> found(Bsn bsn,
                                                                                        AvailabilityStatus... status) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(RegistryPatient.of(bsn));
        q.setStatus(List.of(status));
        QueryRegistry request = new QueryRegistry(q);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return queries.query(request).getDocumentEntries();
    }

    static Job job(long id, String study, Direction direction) {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        return Job.open(study, "registry", direction, "ACC-1", null, null, now).withId(id);
    }

    /** Two CT instances in one series and an SR in another, of the own PACS (local id PAT-1). */
    static List<KosRegistrar.StudyObject> objects(String study, Optional<Bsn> bsn) {
        List<KosRegistrar.StudyObject> out = new ArrayList<>();
        out.add(new KosRegistrar.StudyObject(head(study, ".1", ".1.1", CT, "CT"), bsn));
        out.add(new KosRegistrar.StudyObject(head(study, ".1", ".1.2", CT, "CT"), bsn));
        out.add(new KosRegistrar.StudyObject(head(study, ".2", ".2.1", SR, "SR"), bsn));
        return out;
    }

    static DataSet head(String study, String series, String instance, String sopClass, String modality) {
        return TestSubmissions.ownPacsHead(study, series, instance, sopClass, modality, "PAT-1",
                KosSubmissionTest.LOCAL_ISSUER);
    }
}
