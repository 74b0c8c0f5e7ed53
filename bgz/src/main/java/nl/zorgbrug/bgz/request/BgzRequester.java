package nl.zorgbrug.bgz.request;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.PullPermission;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.OperationOutcome;

/**
 * The requesting role (Raadplegend, issue 19): asks another institution's BgZ MSZ 2.0 endpoint (FHIR STU3) for one
 * patient's BgZ, the 27 queries of {@link BgzQuerySet}, with the bearer token that institution issued, fixed or, by
 * its consent flow, asked for this patient first ({@link PeerAccess}; a refusal there refuses the whole request,
 * {@link AccessRefusedException}). Only for a
 * patient with at least a verified BSN and no identity conflict ({@link PullPermission}, Wabvpz); otherwise nothing
 * is sent. Each query has its own outcome: a refusal, an error, a timeout or an answer that is no searchset is a
 * failure with its reason, never an empty result. The request is one event in the audit trail (NEN 7513: the data
 * retrieved from the other institution, with the patient, the peer and what came back; a refusal as a failed one).
 *
 * <p>The queries go by HAPI FHIR's generic client ({@link PeerClients}), one client per request for the peer's base
 * with the bearer token: each query has its own timeout, a peer's 3xx, 4xx or 5xx keeps its OperationOutcome for the
 * person who asked ({@code BaseServerResponseException}), and each answer is kept as the peer sent it
 * ({@link AnswerCapture}). The consent flow's token request is OAuth 2.0, not FHIR, and goes by the JDK's client.
 */
public final class BgzRequester {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FhirContext stu3;
    private final HttpClient http;
    private final Duration timeout;
    private final AuditLog audit;
    private final Clock clock;
    private final PeerClients clients;

    /**
     * @param http    for the consent flow's token request only (OAuth 2.0, not FHIR); the queries go by HAPI's client
     * @param timeout {@code zorgbrug.bgz.request-timeout}: per query (connect and read), and for the token request
     */
    public BgzRequester(FhirContext stu3, HttpClient http, Duration timeout, AuditLog audit, Clock clock) {
        this.stu3 = stu3;
        this.http = http;
        this.timeout = timeout;
        this.clients = new PeerClients(stu3, timeout);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Runs the whole query set for {@code patient} against {@code peer}; {@code actor} is who asked (a clinician, or
     * the node for a Notified Pull).
     *
     * @throws PullRefusedException when the patient's BSN may not be used to pull (nothing was sent)
     */
    public RequestOutcome request(MpiPatient patient, PeerNode peer, String bearerToken, Actor actor) {
        return request(patient, peer, new PeerAccess.FixedToken(bearerToken), actor);
    }

    /**
     * As {@link #request(MpiPatient, PeerNode, String, Actor)}, let in as {@code access} says: with a fixed token, or
     * by the peer's consent flow, first asking its token endpoint for a token for this patient.
     *
     * @throws PullRefusedException   when the patient's BSN may not be used to pull (nothing was sent)
     * @throws AccessRefusedException when the peer gave no token for the patient (no query was sent): the refusal is a
     *                                failed event in the trail, and the request is no received BgZ
     */
    public RequestOutcome request(MpiPatient patient, PeerNode peer, PeerAccess access, Actor actor) {
        Optional<PullPermission.Refusal> refusal = PullPermission.check(patient);
        if (refusal.isPresent()) {
            AuditEvent.Builder b = AuditEvent.of(EventType.RETRIEVE, actor, clock.instant())
                    .outcome(Outcome.MINOR_FAILURE).source(peer(peer))
                    .detail("BgZ request to " + peer.name() + " refused before sending: " + refusal.get().name());
            if (patient.bsn() != null) {
                b.patient(PatientRef.of(patient.bsn()));
            }
            audit.record(b.build());
            throw new PullRefusedException(refusal.get());
        }
        String token = access instanceof PeerAccess.ConsentFlow flow ? tokenFor(patient.bsn(), peer, flow, actor)
                : ((PeerAccess.FixedToken) access).token();
        return run(BgzQuerySet.all(), List.of(), patient.bsn(), peer, token, actor, null);
    }

    /**
     * The peer's token for this patient by its consent flow: an OAuth 2.0 client credentials grant (RFC 6749 §4.4.2)
     * at its token endpoint, our organisation authenticated by HTTP Basic (§2.3.1: client id and secret each
     * form-urlencoded), the patient as {@code patient=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}}. Anything but a
     * §5.1 answer with a Bearer token is a refusal of the whole request, audited as a failed {@code RETRIEVE}.
     */
    private String tokenFor(Bsn patient, PeerNode peer, PeerAccess.ConsentFlow flow, Actor actor) {
        String form = "grant_type=client_credentials&patient=" + URLEncoder.encode(
                "http://fhir.nl/fhir/NamingSystem/bsn|" + patient.value(), StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(flow.clientId(), StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(flow.credential(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(flow.tokenEndpoint()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        AccessRefusedException.Reason reason;
        String detail;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = parseJson(response.body());
            String token = json == null ? null : text(json, "access_token");
            if (response.statusCode() == 200 && token != null && "bearer".equalsIgnoreCase(text(json, "token_type"))) {
                return token;
            }
            String error = json == null ? null : text(json, "error");
            reason = "invalid_scope".equals(error) ? AccessRefusedException.Reason.NO_CONSENT
                    : "invalid_client".equals(error) || "unauthorized_client".equals(error)
                    ? AccessRefusedException.Reason.NOT_AUTHORISED : AccessRefusedException.Reason.NO_ANSWER;
            detail = response.statusCode() + (error == null ? " without an OAuth error" : " " + error)
                    + (json != null && text(json, "error_description") != null
                    ? ": " + text(json, "error_description") : "");
        } catch (HttpTimeoutException e) {
            reason = AccessRefusedException.Reason.NO_ANSWER;
            detail = "no answer within " + timeout.toSeconds() + " s";
        } catch (IOException e) {
            reason = AccessRefusedException.Reason.NO_ANSWER;
            detail = "no answer: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = AccessRefusedException.Reason.NO_ANSWER;
            detail = "interrupted before the answer came";
        }
        audit.record(AuditEvent.of(EventType.RETRIEVE, actor, clock.instant()).outcome(Outcome.MINOR_FAILURE)
                .source(peer(peer)).patient(PatientRef.of(patient))
                .detail("BgZ request to " + peer.name() + " refused: no token by its consent flow, " + reason
                        + " (" + detail + "); no query sent").build());
        throw new AccessRefusedException(reason, peer.name(), detail);
    }

    private static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /**
     * The receiving side of a Notified Pull (Ontvangend): runs the queries a Task named, with the Task's token, against
     * the sending institution. The sender made the BgZ available with a referral and its token reads only the Task's
     * patient, so no BSN check of our own applies here (the sender may only send for a validated BSN); the referral is
     * the legal basis in the trail. A query that is not one of the BgZ query set is not run: it is a failure.
     *
     * @param queries the queries as the Task names them, the patient left out ({@link BgzQuery#withoutPatient})
     */
    public RequestOutcome pull(List<String> queries, Bsn patient, String referral, PeerNode peer, String token,
                               Actor actor) {
        List<BgzQuery> known = new ArrayList<>();
        List<QueryOutcome> refused = new ArrayList<>();
        for (String label : queries) {
            BgzQuery.ofSetWithoutPatient(label).ifPresentOrElse(known::add, () -> refused.add(failed(
                    new BgzQuery(label.replaceAll("[/?].*$", ""), "", List.of()), 0,
                    "not a query of the BgZ MSZ 2.0 set, so not run: " + label)));
        }
        return run(known, refused, patient, peer, token, actor, new LegalBasis.Referral(referral));
    }

    private RequestOutcome run(List<BgzQuery> queries, List<QueryOutcome> refused, Bsn patient, PeerNode peer,
                               String token, Actor actor, LegalBasis basis) {
        List<QueryOutcome> outcomes = new ArrayList<>();
        Map<String, Bundle> bundles = new LinkedHashMap<>();
        Map<String, String> answers = new LinkedHashMap<>();
        AnswerCapture answer = new AnswerCapture();
        IGenericClient client = clients.open(base(peer), token, answer);
        for (BgzQuery q : queries) {
            outcomes.add(ask(client, answer, q, patient, peer, bundles, answers));
        }
        outcomes.addAll(refused);
        RequestOutcome result = new RequestOutcome(peer, outcomes, bundles, answers);
        AuditEvent.Builder b = AuditEvent.of(EventType.RETRIEVE, actor, clock.instant())
                .outcome(result.complete() ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                .source(peer(peer)).patient(PatientRef.of(patient)).legalBasis(basis)
                .detail(detail(result));
        outcomes.stream().flatMap(o -> o.resources().stream()).distinct().limit(500)
                .forEach(ref -> b.object(new ObjectRef(ObjectKind.FHIR_RESOURCE, ref)));
        audit.record(b.build());
        return result;
    }

    private QueryOutcome ask(IGenericClient client, AnswerCapture answer, BgzQuery q, Bsn patient, PeerNode peer,
                             Map<String, Bundle> bundles, Map<String, String> answers) {
        answer.reset();
        Bundle bundle;
        try {
            // An absolute URL: byUrl takes a relative one only as [type]?[params], and $lastn has a path.
            bundle = client.search().byUrl(base(peer) + "/" + q.url(patient)).returnBundle(Bundle.class)
                    .encodedJson().execute();
        } catch (FhirClientConnectionException e) {
            // No answer (HAPI wraps the IOException), or an answer HAPI could not read as a Bundle.
            return answer.came() ? unreadable(q, answer)
                    : failed(q, 0, clients.noAnswer(answer.unread() != null ? answer.unread() : e));
        } catch (NonFhirResponseException e) {
            return failed(q, answer.status(), "the answer is no FHIR JSON (Content-Type "
                    + (answer.mediaType() == null ? "none" : answer.mediaType()) + ")");
        } catch (BaseServerResponseException e) {
            // A 3xx, 4xx or 5xx: HAPI keeps the peer's OperationOutcome, when it sent one.
            return failed(q, e.getStatusCode(), "refused with " + e.getStatusCode()
                    + (e.getOperationOutcome() instanceof OperationOutcome oo ? ": " + diagnostics(oo) : ""));
        } catch (RuntimeException e) {
            // The body broke off while it was read (HAPI then fails on the half-read buffer): no answer came.
            if (answer.unread() == null) {
                throw e;
            }
            return failed(q, 0, clients.noAnswer(answer.unread()));
        }
        if (answer.status() != 200) {
            return failed(q, answer.status(), "refused with " + answer.status());
        }
        if (bundle == null || bundle.getType() != Bundle.BundleType.SEARCHSET) {
            return failed(q, answer.status(), "the answer is no searchset Bundle");
        }
        List<String> refs = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() != null) {
                refs.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart());
            }
        }
        bundles.put(q.label(), bundle);
        answers.put(q.label(), answer.body());
        return new QueryOutcome(q, 200, bundle.hasTotal() ? bundle.getTotal() : refs.size(), refs, null);
    }

    /** An answer came whole but HAPI could not read it as a Bundle: another resource, or no FHIR JSON at all. */
    private QueryOutcome unreadable(BgzQuery q, AnswerCapture answer) {
        String body = answer.body();
        if (body == null || body.isBlank()) {
            return failed(q, answer.status(), "the answer is no searchset Bundle");
        }
        try {
            stu3.newJsonParser().parseResource(body);
            return failed(q, answer.status(), "the answer is no searchset Bundle");
        } catch (DataFormatException e) {
            return failed(q, answer.status(), "the answer is no FHIR JSON: " + e.getMessage());
        }
    }

    private static QueryOutcome failed(BgzQuery q, int status, String why) {
        return new QueryOutcome(q, status, 0, List.of(), why);
    }

    private static String diagnostics(OperationOutcome oo) {
        return oo.getIssue().stream().map(i -> i.hasDiagnostics() ? i.getDiagnostics() : i.getCode().toCode())
                .reduce((a, b) -> a + "; " + b).orElse("no diagnostics");
    }

    private static String base(PeerNode peer) {
        return peer.stu3Base().toString().replaceAll("/+$", "");
    }

    private static Peer peer(PeerNode peer) {
        return new Peer(peer.name(), null, peer.stu3Base().toString());
    }

    /** The request in a sentence: counts and the failed queries by type and status, never the BSN. */
    private static String detail(RequestOutcome r) {
        StringBuilder d = new StringBuilder("BgZ request (FHIR STU3) to ").append(r.peer().name()).append(": ")
                .append(r.queries().size()).append(" queries, ").append(r.failed().size()).append(" failed, ")
                .append(r.resources()).append(" resources");
        for (QueryOutcome f : r.failed()) {
            d.append("; ").append(f.query().resource()).append(f.query().path()).append(' ').append(f.status());
        }
        return d.toString();
    }
}
