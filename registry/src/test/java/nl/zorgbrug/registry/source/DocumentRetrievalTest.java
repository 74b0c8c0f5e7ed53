package nl.zorgbrug.registry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.service.AnswerConsent;

/**
 * ITI-43 of the kept KOS manifests: served with consent, "no consent" in words otherwise (never "unknown document"),
 * a KOS not yet registered or of another repository not served, PartialSuccess for a mix.
 */
class DocumentRetrievalTest {
    private final Random random = new Random(43);
    private final InMemoryKosRepository repository = new InMemoryKosRepository();
    private final RecordedRetrievals events = new RecordedRetrievals();

    @Test
    void aRegisteredKosIsServedWithConsentAndRefusedWithoutInWords() throws Exception {
        String registered = keep(true);
        String pending = keep(false);
        AnswerConsent.Verdict[] verdict = {AnswerConsent.Verdict.permit()};
        DocumentRetrieval retrieval = new DocumentRetrieval(TestSubmissions.REPOSITORY, repository, p -> verdict[0],
                events);

        RetrievedDocumentSet mixed = retrieval.retrieve(request(registered, pending));
        assertThat(mixed.getStatus()).isEqualTo(Status.PARTIAL_SUCCESS);
        assertThat(mixed.getDocuments()).singleElement().satisfies(d -> {
            assertThat(d.getRequestData().getDocumentUniqueId()).isEqualTo(registered);
            assertThat(d.getDataHandler().getInputStream().readAllBytes())
                    .isEqualTo(repository.find(registered).orElseThrow().kos());
        });
        assertThat(mixed.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.DOCUMENT_UNIQUE_ID_ERROR);
            assertThat(e.getLocation()).isEqualTo(pending);
        });

        verdict[0] = new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "the patient did not consent");
        RetrievedDocumentSet refused = retrieval.retrieve(request(registered));
        assertThat(refused.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(refused.getDocuments()).isEmpty();
        assertThat(refused.getErrors()).singleElement().satisfies(e -> assertThat(e.getCodeContext())
                .isEqualTo("NO_CONSENT: the patient did not consent"));
        assertThat(events.audited).containsExactly("true ITI-43: KOS " + registered + " served",
                "false ITI-43: KOS " + registered + " refused (NO_CONSENT)");

        RetrieveDocumentSet elsewhere = new RetrieveDocumentSet();
        elsewhere.getDocuments().add(new DocumentReference("1.2.3", registered, null));
        assertThat(retrieval.retrieve(elsewhere).getErrors()).extracting(e -> e.getErrorCode())
                .containsExactly(ErrorCode.UNKNOWN_REPOSITORY_ID);
    }

    /** A KOS made by a registration job, registered or not yet. */
    private String keep(boolean registered) {
        KosRegistrar registrar = new KosRegistrar(KosRegistrarTest.SETTINGS, repository, (r, request) -> {
            throw new java.net.ConnectException("down");
        }, SourceEvents.NONE, s -> false, java.time.Clock.systemUTC());
        String study = TestSubmissions.uid(random);
        long job = random.nextInt(1_000_000);
        registrar.attempt(KosRegistrarTest.job(job, study, Direction.EXPORT),
                KosRegistrarTest.objects(study, Optional.of(TestSubmissions.bsn(random))),
                Set.of(study + ".1.1", study + ".1.2", study + ".2.1"), KosRegistrarTest.REGISTRY);
        String uid = repository.forJob(job).orElseThrow().documentUniqueId();
        if (registered) {
            repository.registered(uid, Instant.now());
        }
        return uid;
    }

    private static RetrieveDocumentSet request(String... uids) {
        RetrieveDocumentSet r = new RetrieveDocumentSet();
        for (String uid : uids) {
            r.getDocuments().add(new DocumentReference(TestSubmissions.REPOSITORY, uid, null));
        }
        return r;
    }
}
