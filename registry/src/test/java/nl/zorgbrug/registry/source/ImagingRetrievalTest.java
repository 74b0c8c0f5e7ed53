package nl.zorgbrug.registry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.InMemoryMpiStore;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.service.AnswerConsent;

/**
 * RAD-69 and the retrieval behind it (and WADO-RS): only a study this node registered, consent before anything is
 * fetched (a refusal answered as no consent, audited), the export swap on every instance (the BSN in, the local number
 * out), and an instance whose patient has no validated BSN (Wabvpz) not sent.
 */
class ImagingRetrievalTest {
    static final String CT = KosRegistrarTest.CT;

    @TempDir
    Path dir;

    private final Random random = new Random(44);
    private final InMemoryKosRepository repository = new InMemoryKosRepository();
    private final InMemoryMpiStore mpi = new InMemoryMpiStore();
    private final Map<String, DataSet> pacs = new HashMap<>();
    private final List<String> fetched = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The PACS double holds the fetch of this instance back until the client has read the first part. */
    private volatile String heldBack;
    private final java.util.concurrent.CountDownLatch firstPartRead = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean lastFetchEnded;
    private AnswerConsent.Verdict verdict = AnswerConsent.Verdict.permit();

    private final OwnPacs own = new OwnPacs() {
        @Override
        public boolean fetch(String study, String series, String sop, String ts, Path target) throws IOException {
            fetched.add(sop);
            if (sop.equals(heldBack)) {
                try {
                    if (!firstPartRead.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IOException("the client did not read the first part while " + sop + " was held");
                    }
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException("interrupted");
                }
                lastFetchEnded = true;
            }
            DataSet ds = pacs.get(sop);
            if (ds == null) {
                return false;
            }
            TransferSyntax syntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID), sop,
                    syntax, "PACS"), ds, syntax, true), target);
            return true;
        }

        @Override
        public String describe() {
            return "test PACS";
        }
    };

    private final RecordedRetrievals events = new RecordedRetrievals();

    private ImagingDocumentRetrieval rad69() {
        ExportSwap swap = new ExportSwap(SwapPolicy.of(KosSubmissionTest.LOCAL_ISSUER));
        return new ImagingDocumentRetrieval(TestSubmissions.REPOSITORY, new ImagingRetrieval(repository, p -> verdict,
                own, head -> swap.decide(head, mpi, Instant.now()), events, dir.resolve("work"), Clock.systemUTC()));
    }

    @Test
    void consentedInstancesLeaveSwappedToTheBsnAndWithoutConsentNothingIsFetched() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = registered(bsn);
        mpi.save(new MpiPatient("PAT-1", KosSubmissionTest.LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Test", "Patient",
                null, null));

        RetrievedDocumentSet answer = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1",
                study + ".1.2"));
        assertThat(answer.getStatus()).as("%s", answer.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(answer.getDocuments()).hasSize(2).allSatisfy(d -> {
            assertThat(d.getMimeType()).isEqualTo("application/dicom");
            byte[] bytes;
            try (java.io.InputStream in = d.getDataHandler().getInputStream()) {
                bytes = in.readAllBytes();
            }
            DataSet out = Part10Reader.read(new java.io.ByteArrayInputStream(bytes), "served", bytes.length, -1L)
                    .dataSet();
            assertThat(out.getString(Tag.SOPInstanceUID)).isEqualTo(d.getRequestData().getDocumentUniqueId());
            assertThat(out.getString(Tag.PatientID)).isEqualTo(bsn.value());
            assertThat(out.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        });
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("the work files go once streamed out").isEmpty();
        }
        assertThat(events.audited).containsExactly("true RAD-69: 2 of 2 instances of study " + study + " served");

        fetched.clear();
        verdict = new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "for URA 00002222");
        RetrievedDocumentSet refused = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1"));
        assertThat(refused.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(refused.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REPOSITORY_ERROR);
            assertThat(e.getCodeContext()).isEqualTo("NO_CONSENT: for URA 00002222");
            assertThat(e.getLocation()).isEqualTo(study + ".1.1");
        });
        assertThat(fetched).as("nothing asked of the PACS without consent").isEmpty();
        assertThat(events.audited).last().isEqualTo("false RAD-69: study " + study + " refused (NO_CONSENT)");
    }

    /** Wabvpz: only a validated BSN leaves the house; a verified one is enough to pull, not to share. */
    @Test
    void anInstanceWhosePatientHasNoValidatedBsnIsNotSent() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = registered(bsn);
        mpi.save(new MpiPatient("PAT-1", KosSubmissionTest.LOCAL_ISSUER, bsn, BsnStatus.VERIFIED, "Test", "Patient",
                null, null));

        RetrievedDocumentSet answer = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1"));

        assertThat(answer.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(answer.getDocuments()).isEmpty();
        assertThat(answer.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REPOSITORY_ERROR);
            assertThat(e.getCodeContext()).startsWith("NOT_EXPORTABLE: BSN_NOT_VALIDATED").doesNotContain(bsn.value());
        });
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
        assertThat(events.audited).singleElement().satisfies(a -> assertThat(a).startsWith("false RAD-69: 0 of 1")
                .contains("BSN_NOT_VALIDATED"));
    }

    @Test
    void onlyTheInstancesOfAStudyThisNodeRegisteredAreFetched() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = registered(bsn);
        mpi.save(new MpiPatient("PAT-1", KosSubmissionTest.LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Test", "Patient",
                null, null));
        String other = TestSubmissions.uid(random);

        assertThat(rad69().retrieve(request(other, TestSubmissions.REPOSITORY, other + ".1.1")).getErrors())
                .singleElement().satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR));
        RetrievedDocumentSet mixed = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1",
                study + ".1.9"));
        assertThat(mixed.getStatus()).isEqualTo(Status.PARTIAL_SUCCESS);
        assertThat(mixed.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR);
            assertThat(e.getLocation()).isEqualTo(study + ".1.9");
        });
        assertThat(fetched).as("never an instance the KOS does not list").containsExactly(study + ".1.1");
        mixed.getDocuments().forEach(d -> {
            try {
                d.getDataHandler().getInputStream().close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(rad69().retrieve(request(study, "1.2.3.4", study + ".1.1")).getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_REPOSITORY_ID));
    }

    /**
     * The answer streams: its first instance leaves before the last is fetched. The PACS double holds the fetch of the
     * last instance until the client has read the first part whole; an answer that fetched every instance before it
     * began would wait there (and after 30 s find the PACS failing: not the Success asserted).
     */
    @Test
    void theFirstInstanceLeavesBeforeTheLastIsFetched() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = registered(bsn);
        mpi.save(new MpiPatient("PAT-1", KosSubmissionTest.LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Test", "Patient",
                null, null));
        heldBack = study + ".1.2";

        RetrievedDocumentSet answer = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1",
                study + ".1.2"));

        assertThat(answer.getStatus()).as("%s", answer.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(answer.getDocuments()).extracting(d -> d.getRequestData().getDocumentUniqueId())
                .containsExactly(study + ".1.1", study + ".1.2");
        assertThat(lastFetchEnded).as("the last fetch is still held while the answer is ready").isFalse();
        byte[] first;
        try (java.io.InputStream in = answer.getDocuments().get(0).getDataHandler().getInputStream()) {
            first = in.readAllBytes();
        }
        assertThat(lastFetchEnded).as("the first part was read whole while the last fetch was held").isFalse();
        assertThat(Part10Reader.read(new java.io.ByteArrayInputStream(first), "first", first.length, -1L).dataSet()
                .getString(Tag.PatientID)).isEqualTo(bsn.value());
        firstPartRead.countDown();
        byte[] last;
        try (java.io.InputStream in = answer.getDocuments().get(1).getDataHandler().getInputStream()) {
            last = in.readAllBytes();
        }
        assertThat(lastFetchEnded).isTrue();
        DataSet lastOut = Part10Reader.read(new java.io.ByteArrayInputStream(last), "last", last.length, -1L).dataSet();
        assertThat(lastOut.getString(Tag.SOPInstanceUID)).isEqualTo(study + ".1.2");
        assertThat(lastOut.getString(Tag.PatientID)).isEqualTo(bsn.value());
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("the work files go once streamed out").isEmpty();
        }
        assertThat(events.audited).containsExactly("true RAD-69: 2 of 2 instances of study " + study + " served");
    }

    /**
     * An instance found unservable after the answer began (the PACS lost it between the first part and its own): the
     * body already said Success, so its attachment fails and the answer breaks off (no consumer takes the rest for
     * whole), and the RETRIEVE record says what left and why the answer broke off.
     */
    @Test
    void anInstanceLostAfterTheAnswerBeganBreaksTheAnswerOff() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = registered(bsn);
        mpi.save(new MpiPatient("PAT-1", KosSubmissionTest.LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Test", "Patient",
                null, null));
        heldBack = study + ".1.2";

        RetrievedDocumentSet answer = rad69().retrieve(request(study, TestSubmissions.REPOSITORY, study + ".1.1",
                study + ".1.2"));
        assertThat(answer.getStatus()).isEqualTo(Status.SUCCESS);
        try (java.io.InputStream in = answer.getDocuments().get(0).getDataHandler().getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        pacs.remove(study + ".1.2");
        firstPartRead.countDown();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answer.getDocuments().get(1).getDataHandler()
                        .getInputStream()).isInstanceOf(IOException.class)
                .hasMessageContaining(study + ".1.2").hasMessageContaining("NOT_IN_PACS");
        assertThat(events.audited).singleElement().satisfies(a -> assertThat(a).startsWith("true RAD-69: 1 of 2"
                + " instances of study " + study + " served").contains("the answer broke off after it began")
                .contains("NOT_IN_PACS"));
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
    }

    /** A registered KOS of a study of two CT instances and an SR, all in the test PACS under the local id. */
    private String registered(Bsn bsn) {
        String study = TestSubmissions.uid(random);
        List<KosRegistrar.StudyObject> objects = KosRegistrarTest.objects(study, Optional.of(bsn));
        for (KosRegistrar.StudyObject o : objects) {
            pacs.put(o.head().getString(Tag.SOPInstanceUID), o.head());
        }
        KosRegistrar registrar = new KosRegistrar(KosRegistrarTest.SETTINGS, repository, (r, request) -> {
            throw new java.net.ConnectException("down");
        }, SourceEvents.NONE, s -> false, Clock.systemUTC());
        long job = random.nextInt(1_000_000);
        registrar.attempt(KosRegistrarTest.job(job, study, Direction.EXPORT), objects,
                Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), KosRegistrarTest.REGISTRY);
        repository.registered(repository.forJob(job).orElseThrow().documentUniqueId(), Instant.now());
        return study;
    }

    private static RetrieveImagingDocumentSet request(String study, String repository, String... sops) {
        RetrieveSeries series = new RetrieveSeries(study + ".1", new ArrayList<>());
        for (String sop : sops) {
            series.getDocuments().add(new DocumentReference(repository, sop, null));
        }
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getRetrieveStudies().add(new RetrieveStudy(study, new ArrayList<>(List.of(series))));
        request.getTransferSyntaxIds().add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        return request;
    }
}
