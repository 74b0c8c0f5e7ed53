package nl.zorgbrug.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.store.InMemoryMetadataStore;

/**
 * Consent on the registry's answers (issue 20 part 4): a consented patient's entries are shown; without consent the
 * answer is a Failure that says NO_CONSENT, the same whether the patient has images or not, and it is audited.
 */
class AnswerConsentTest {
    private final Random random = new Random(44);
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final Set<Bsn> consented = new HashSet<>();
    private final List<String> audited = new ArrayList<>();
    private final RegistryEvents events = new RegistryEvents() {
        @Override
        public void registered(Bsn bsn, String set, List<String> studies, Outcome outcome, List<String> codes) {
        }

        @Override
        public void queried(String name, Bsn bsn, int returned, Outcome outcome, List<String> codes) {
            audited.add(name + " " + outcome + " " + returned + " " + codes);
        }
    };
    private final AnswerConsent consent = patient -> consented.contains(patient) ? AnswerConsent.Verdict.permit()
            : new AnswerConsent.Verdict(AnswerConsent.Kind.NO_CONSENT, "no consent recorded");
    private final Registration registration = new Registration(store, RegistryEvents.NONE);
    private final StoredQueries queries = new StoredQueries(store, events, 1, consent);

    @Test
    void aConsentedPatientsEntriesAreShown() {
        Bsn bsn = TestSubmissions.bsn(random);
        consented.add(bsn);
        var submission = TestSubmissions.kos(bsn, Study.random(random, "CT"), random);
        assertThat(registration.register(submission).getStatus()).isEqualTo(Status.SUCCESS);

        QueryResponse answer = queries.query(find(bsn));

        assertThat(answer.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(TestSubmissions.ids(answer.getDocumentEntries()))
                .containsExactly(submission.getDocumentEntries().get(0).getUniqueId());
        assertThat(audited).containsExactly("FIND_DOCUMENTS ANSWERED 1 []");
    }

    @Test
    void withoutConsentTheAnswerIsNoConsentNeverNoImagesAndItIsAudited() {
        Bsn withImages = TestSubmissions.bsn(random);
        Bsn withoutImages = TestSubmissions.bsn(random);
        // Two studies where max-results is 1: the refusal must come before XDSTooManyResults, which would tell.
        assertThat(registration.register(TestSubmissions.kos(withImages, Study.random(random, "CT"), random))
                .getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(registration.register(TestSubmissions.kos(withImages, Study.random(random, "MR"), random))
                .getStatus()).isEqualTo(Status.SUCCESS);

        QueryResponse refused = queries.query(find(withImages));
        QueryResponse nothingThere = queries.query(find(withoutImages));

        for (QueryResponse answer : List.of(refused, nothingThere)) {
            assertThat(answer.getStatus()).isEqualTo(Status.FAILURE);
            assertThat(answer.getDocumentEntries()).isEmpty();
            assertThat(answer.getReferences()).isEmpty();
            assertThat(answer.getErrors()).singleElement().satisfies(e -> {
                assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REGISTRY_ERROR);
                assertThat(e.getCodeContext()).startsWith("NO_CONSENT: ").contains("not \"no images\"")
                        .doesNotContain(withImages.value()).doesNotContain(withoutImages.value());
            });
        }
        assertThat(refused.getErrors().get(0).getCodeContext())
                .as("the same words whether there are images or not")
                .isEqualTo(nothingThere.getErrors().get(0).getCodeContext());
        assertThat(audited).containsExactly("FIND_DOCUMENTS NO_CONSENT 0 [NO_CONSENT]",
                "FIND_DOCUMENTS NO_CONSENT 0 [NO_CONSENT]");
    }

    @Test
    void getDocumentsAsksConsentForThePatientOfTheDocumentsFound() {
        Bsn bsn = TestSubmissions.bsn(random);
        var submission = TestSubmissions.kos(bsn, Study.random(random, "US"), random);
        registration.register(submission);
        GetDocumentsQuery get = new GetDocumentsQuery();
        get.setUniqueIds(List.of(submission.getDocumentEntries().get(0).getUniqueId()));
        QueryRegistry request = new QueryRegistry(get);
        request.setReturnType(QueryReturnType.LEAF_CLASS);

        assertThat(queries.query(request).getErrors()).singleElement()
                .satisfies(e -> assertThat(e.getCodeContext()).startsWith("NO_CONSENT"));
        consented.add(bsn);
        assertThat(queries.query(request).getDocumentEntries()).hasSize(1);
    }

    @Test
    void aConsentServiceThatCannotBeAskedIsNeitherNoConsentNorNoImages() {
        StoredQueries down = new StoredQueries(store, events, 10, patient -> new AnswerConsent.Verdict(
                AnswerConsent.Kind.CONSENT_UNAVAILABLE, "Mitz: 503"));

        QueryResponse answer = down.query(find(TestSubmissions.bsn(random)));

        assertThat(answer.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(answer.getErrors()).singleElement().satisfies(e -> assertThat(e.getCodeContext())
                .startsWith("CONSENT_UNAVAILABLE: ").endsWith("(Mitz: 503)"));
    }

    private static QueryRegistry find(Bsn bsn) {
        FindDocumentsQuery query = new FindDocumentsQuery();
        query.setPatientId(RegistryPatient.of(bsn));
        query.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry request = new QueryRegistry(query);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return request;
    }
}
