package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.InMemoryMetadataStore;

/**
 * The consumer's timeline against the registry's own rules on the in-memory store (the node's test does it over
 * IPF's SOAP): one row per study with its report, the own PACS merged, and each reason the index could not be asked
 * told as what it is, never as "no studies".
 */
class TimelineQueryTest {
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    final Random random = new Random(20);
    final InMemoryMetadataStore store = new InMemoryMetadataStore();
    final Registration registration = new Registration(store, RegistryEvents.NONE);
    final AtomicInteger sent = new AtomicInteger();
    final List<String> audited = new ArrayList<>();
    final ConsumerEvents events = (bsn, user, state, entries, detail) -> {
        assertThat(detail).doesNotContain(bsn == null ? "-" : bsn.value());
        audited.add(user + " " + state + " " + entries + " " + detail);
    };

    Iti18Client registry(AnswerConsent registryConsent) {
        StoredQueries queries = new StoredQueries(store, RegistryEvents.NONE, 1000, registryConsent);
        return request -> {
            sent.incrementAndGet();
            return queries.query(request);
        };
    }

    TimelineQuery timeline(Iti18Client registry, AnswerConsent consent, OwnPacs pacs) {
        return new TimelineQuery(new TimelineQuery.Settings("Ziekenhuis B", AMSTERDAM), registry, consent, pacs, events);
    }

    MpiPatient patient(Bsn bsn, BsnStatus status) {
        return new MpiPatient("B-" + random.nextInt(100_000), "2.16.528.1.1007.99.8", bsn, status, "Dijk", "Jan",
                "19700101", "M");
    }

    /** The KOS of the study, with its report (classCode REPORTS, the same referenceIdList) in the same submission. */
    void register(Bsn bsn, Study study, boolean withReport) {
        RegisterDocumentSet request = TestSubmissions.kos(bsn, study, random);
        request.getDocumentEntries().get(0).setTitle(new LocalizedString("CT thorax", "nl-NL", "UTF-8"));
        if (withReport) {
            DocumentEntry report = TestSubmissions.kosEntry(request.getDocumentEntries().get(0).getPatientId(), study,
                    random, "Document02");
            report.setClassCode(new Code(TimelineQuery.REPORTS, new LocalizedString("Verslagen"),
                    "2.16.840.1.113883.2.4.3.11.60.40.4.4"));
            report.setMimeType("text/plain");
            report.setTitle(new LocalizedString("Verslag CT thorax", "nl-NL", "UTF-8"));
            request.getDocumentEntries().add(report);
            request.getAssociations().add(TestSubmissions.member(request.getSubmissionSet(), report, "Association02"));
        }
        assertThat(registration.register(request).getStatus()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void oneRowPerStudyWithItsReportAndTheOwnPacsStudiesMergedSoNothingShowsTwice() {
        Bsn bsn = TestSubmissions.bsn(random);
        Study ct = Study.random(random, "CT");
        Study mr = Study.random(random, "MR");
        register(bsn, ct, true);
        register(bsn, mr, false);
        LocalStudy mrHere = new LocalStudy(mr.studyUid(), mr.start().withZoneSameInstant(AMSTERDAM).toLocalDateTime(),
                List.of("MR", "SR"), "MRI knie", "B-ACC-1");
        LocalStudy onlyHere = new LocalStudy(TestSubmissions.uid(random), LocalDateTime.of(2019, 3, 4, 10, 0),
                List.of("US"), "Echo abdomen", "B-ACC-2");
        MpiPatient patient = patient(bsn, BsnStatus.VERIFIED);
        List<String> askedPacsFor = new ArrayList<>();

        Timeline t = timeline(registry(AnswerConsent.EVERYONE), AnswerConsent.EVERYONE, (id, issuer) -> {
            askedPacsFor.add(id + "^^^&" + issuer);
            return List.of(mrHere, onlyHere);
        }).timeline(patient, "radioloog");

        assertThat(t.index()).isEqualTo(IndexState.COMPLETE);
        assertThat(t.pacsAsked()).isTrue();
        assertThat(askedPacsFor).containsExactly(patient.localId() + "^^^&2.16.528.1.1007.99.8");
        assertThat(t.rows()).extracting(TimelineRow::studyInstanceUid)
                .containsExactlyInAnyOrder(ct.studyUid(), mr.studyUid(), onlyHere.studyInstanceUid());
        TimelineRow ctRow = row(t, ct.studyUid());
        assertThat(ctRow.institution()).isEqualTo("Ziekenhuis Test");
        assertThat(ctRow.procedure()).isEqualTo("CT thorax");
        assertThat(ctRow.modalities()).containsExactly("CT");
        assertThat(ctRow.started()).isEqualTo(ct.start().withZoneSameInstant(AMSTERDAM).toLocalDateTime());
        assertThat(ctRow.alreadyHere()).isFalse();
        assertThat(ctRow.manifest()).get().satisfies(m -> {
            assertThat(m.repositoryUniqueId()).isEqualTo(TestSubmissions.REPOSITORY);
            assertThat(m.homeCommunityId()).isEqualTo(TestSubmissions.HOME);
            assertThat(m.sourcePatientId()).startsWith("LOC");
            assertThat(m.sourcePatientIssuer()).isEqualTo("2.16.528.1.1007.99.4");
        });
        assertThat(ctRow.report()).get().satisfies(r -> {
            assertThat(r.title()).isEqualTo("Verslag CT thorax");
            assertThat(r.mimeType()).isEqualTo("text/plain");
        });
        TimelineRow mrRow = row(t, mr.studyUid());
        assertThat(mrRow.alreadyHere()).isTrue();
        assertThat(mrRow.report()).isEmpty();
        assertThat(mrRow.modalities()).containsExactly("MR", "SR");
        TimelineRow own = row(t, onlyHere.studyInstanceUid());
        assertThat(own.institution()).isEqualTo("Ziekenhuis B");
        assertThat(own.inIndex()).isFalse();
        assertThat(own.alreadyHere()).isTrue();
        assertThat(t.rows()).extracting(TimelineRow::started).isSortedAccordingTo(
                java.util.Comparator.nullsLast(java.util.Comparator.<LocalDateTime>reverseOrder()));
        assertThat(audited).singleElement().asString().startsWith("radioloog COMPLETE 3 ");
    }

    @Test
    void aBsnThatIsNotVerifiedSendsNothing() {
        Bsn bsn = TestSubmissions.bsn(random);
        register(bsn, Study.random(random, "CT"), false);
        for (BsnStatus status : List.of(BsnStatus.UNCHECKED, BsnStatus.VALIDATED)) {
            Timeline t = timeline(registry(AnswerConsent.EVERYONE), AnswerConsent.EVERYONE, (id, issuer) -> List.of())
                    .timeline(patient(bsn, status), "radioloog");
            assertThat(t.index()).isEqualTo(IndexState.NOT_PERMITTED);
            assertThat(t.indexDetail()).contains("verified");
        }
        assertThat(sent).hasValue(0);
        assertThat(audited).hasSize(2).allSatisfy(a -> assertThat(a).contains("NOT_PERMITTED", "BSN_NOT_VERIFIED"));
    }

    @Test
    void withoutConsentTheQueryDoesNotLeaveAndTheTimelineSaysNoConsentNotNoImages() {
        Bsn bsn = TestSubmissions.bsn(random);
        register(bsn, Study.random(random, "CT"), true);
        AnswerConsent refused = p -> new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "for URA 00002222");
        Timeline t = timeline(registry(AnswerConsent.EVERYONE), refused, (id, issuer) -> List.of())
                .timeline(patient(bsn, BsnStatus.VERIFIED_AND_VALIDATED), "radioloog");
        assertThat(t.index()).isEqualTo(IndexState.NO_CONSENT);
        assertThat(t.index().complete()).isFalse();
        assertThat(sent).hasValue(0);
        assertThat(audited).singleElement().asString().contains("NO_CONSENT", "not sent");

        AnswerConsent mitzDown = p -> new AnswerConsent.Verdict(AnswerConsent.Kind.CONSENT_UNAVAILABLE, "Mitz down");
        assertThat(timeline(registry(AnswerConsent.EVERYONE), mitzDown, (id, issuer) -> List.of())
                .timeline(patient(bsn, BsnStatus.VERIFIED), "radioloog").index()).isEqualTo(IndexState.CONSENT_UNAVAILABLE);
        assertThat(sent).hasValue(0);
    }

    @Test
    void theRegistrysOwnNoConsentIsNoConsentToo() {
        Bsn bsn = TestSubmissions.bsn(random);
        register(bsn, Study.random(random, "CT"), false);
        AnswerConsent registryRefuses = p -> new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "for URA 00002222");
        Timeline t = timeline(registry(registryRefuses), AnswerConsent.EVERYONE, (id, issuer) -> List.of())
                .timeline(patient(bsn, BsnStatus.VERIFIED), "radioloog");
        assertThat(sent).hasValue(1);
        assertThat(t.index()).isEqualTo(IndexState.NO_CONSENT);
        assertThat(t.rows()).isEmpty();
        assertThat(t.indexDetail()).contains("NO_CONSENT:");
    }

    @Test
    void aRegistryThatIsDownIsIndexUnreachableIncompleteAndTheOwnStudiesStillShow() {
        Bsn bsn = TestSubmissions.bsn(random);
        LocalStudy here = new LocalStudy(TestSubmissions.uid(random), LocalDateTime.of(2024, 1, 2, 9, 30),
                List.of("CR"), "X-thorax", null);
        Iti18Client down = request -> {
            throw new ConnectException("Connection refused to registry.regio.example:8443");
        };
        Timeline t = timeline(down, AnswerConsent.EVERYONE, (id, issuer) -> List.of(here))
                .timeline(patient(bsn, BsnStatus.VERIFIED), "radioloog");
        assertThat(t.index()).isEqualTo(IndexState.UNREACHABLE);
        assertThat(t.index().en()).isEqualTo("index unreachable, incomplete");
        assertThat(t.index().nl()).isEqualTo("index onbereikbaar, onvolledig");
        assertThat(t.indexDetail()).contains("Connection refused");
        assertThat(t.rows()).extracting(TimelineRow::studyInstanceUid).containsExactly(here.studyInstanceUid());
        assertThat(audited).singleElement().asString().contains("UNREACHABLE");

        Timeline noPacs = timeline(registry(AnswerConsent.EVERYONE), AnswerConsent.EVERYONE, (id, issuer) -> {
            throw new IOException("PACS refused the association");
        }).timeline(patient(bsn, BsnStatus.VERIFIED), "radioloog");
        assertThat(noPacs.index()).isEqualTo(IndexState.COMPLETE);
        assertThat(noPacs.pacsAsked()).isFalse();
        assertThat(noPacs.pacsDetail()).contains("refused");
    }

    static TimelineRow row(Timeline t, String uid) {
        return t.rows().stream().filter(r -> r.studyInstanceUid().equals(uid)).findFirst().orElseThrow();
    }
}
