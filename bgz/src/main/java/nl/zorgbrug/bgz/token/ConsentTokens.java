package nl.zorgbrug.bgz.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentDecision;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenLookup;
import nl.zorgbrug.bgz.access.Zibs;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.bgz.referral.IssuedToken;
import nl.zorgbrug.bgz.referral.IssuedTokenStore;
import nl.zorgbrug.bgz.referral.IssuedTokens;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.audit.event.Ura;

/**
 * The consent flow's token endpoint (issue 19: a bearer token "bound to one patient and one requesting organisation
 * (issued with a Notified Pull Task, or by the consent flow)"): another institution asks for a token to read one
 * patient's BgZ, as an OAuth 2.0 client credentials grant (RFC 6749 §4.4) at a token endpoint (§3.2):
 * {@code grant_type=client_credentials&patient=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}}, the organisation
 * authenticated as the client (§2.3.1: HTTP Basic with its URA as {@code client_id} and the organisation credential
 * this hospital issued it as {@code client_secret}, or both in the body).
 *
 * <p>The node checks, in this order: the credential (else 401 {@code invalid_client}); the grant type; the patient,
 * a BSN that passes the 11-proof ({@code invalid_request}); that the organisation is in the address book
 * ({@code unauthorized_client}); the patient's consent for {@link Purpose#BGZ_ON_REQUEST} for that organisation,
 * the same question every search asks (Wabvpz art. 15a: a pull needs explicit consent; no zib permitted is no
 * consent); and that the patient's BgZ is in this node's store. No consent and no BgZ here get one and the same
 * answer ({@code invalid_scope}), so a party without consent cannot learn whom this hospital treats; the consent is
 * asked before the store, so both take the same path.
 *
 * <p>Then a token of 256 random bits is issued for that patient, that organisation (URA, institution type) and the
 * resource types of the BgZ query set, valid {@code validity}; only its SHA-256 is kept ({@link IssuedTokenStore},
 * read by {@link IssuedTokens} behind the endpoints' {@link TokenLookup}). The token is no permission of its own: each
 * search with it asks the consent service again, so a consent withdrawn within the validity stops the reads.
 *
 * <p>Every issuance and every refusal is a {@code CONSENT_DECISION} event in the audit trail (NEN 7513; DICOM
 * PS3.15 A.5.3.13 "Authorization Decision"): the organisation as actor, the patient when the BSN passed the
 * 11-proof, the consent relied on, and why in the detail (never the BSN).
 */
public final class ConsentTokens {
    /** The BSN naming system (the patient parameter's system). */
    public static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

    /** Which institutions are in the address book: the name of the one with this URA. */
    @FunctionalInterface
    public interface Institutions {
        Optional<String> nameOf(String ura);
    }

    private final TokenLookup credentials;
    private final Institutions institutions;
    private final ConsentService consent;
    private final ResourceStore store;
    private final IssuedTokenStore issued;
    private final Duration validity;
    private final AuditLog audit;
    private final Clock clock;
    private final Set<String> types;

    /**
     * @param credentials the organisation credentials ({@link AccessToken#requestsTokens()}: other tokens are no
     *                    credential here)
     * @param validity    how long an issued token reads (short: a token is asked per request)
     */
    public ConsentTokens(TokenLookup credentials, Institutions institutions, ConsentService consent,
                         ResourceStore store, IssuedTokenStore issued, Duration validity, AuditLog audit, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials);
        this.institutions = Objects.requireNonNull(institutions);
        this.consent = Objects.requireNonNull(consent);
        this.store = Objects.requireNonNull(store);
        this.issued = Objects.requireNonNull(issued);
        this.validity = Objects.requireNonNull(validity);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("the validity of a consent-flow token must be positive, not " + validity);
        }
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
        Set<String> t = new LinkedHashSet<>();
        BgzQuerySet.all().stream().map(BgzQuery::resource).forEach(t::add);
        this.types = Set.copyOf(t);
    }

    /**
     * Answers one token request.
     *
     * @param authorization the {@code Authorization} header (null when absent)
     * @param form          the form-encoded body's parameters, each with every value given
     * @param from          the caller's address, for the audit event (null when unknown)
     */
    public TokenAnswer answer(String authorization, Map<String, List<String>> form, String from) {
        for (Map.Entry<String, List<String>> p : form.entrySet()) {
            if (p.getValue().size() > 1) {
                // RFC 6749 §3.2: request parameters MUST NOT be included more than once.
                return refuse(null, null, from, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST,
                        "parameter " + p.getKey() + " is given more than once"), "parameter repeated");
            }
        }
        String bsnParam = one(form, "patient");
        Bsn patient = bsnParam != null && bsnParam.startsWith(BSN_SYSTEM + "|")
                && Bsn.isValid(bsnParam.substring(BSN_SYSTEM.length() + 1))
                ? Bsn.parse(bsnParam.substring(BSN_SYSTEM.length() + 1)) : null;

        // RFC 6749 §2.3.1: HTTP Basic, or client_id and client_secret in the body; never both (§2.3).
        String clientId;
        String secret;
        boolean basic = authorization != null && authorization.strip().regionMatches(true, 0, "Basic ", 0, 6);
        if (basic && (one(form, "client_id") != null || one(form, "client_secret") != null)) {
            return refuse(null, patient, from, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST,
                    "the client authenticates once: by HTTP Basic or by client_id and client_secret in the body, not "
                            + "both (RFC 6749 section 2.3)"), "two ways of client authentication");
        }
        if (basic) {
            String[] pair = basicPair(authorization.strip().substring(6).strip());
            clientId = pair == null ? null : pair[0];
            secret = pair == null ? null : pair[1];
        } else {
            clientId = one(form, "client_id");
            secret = one(form, "client_secret");
        }
        Optional<AccessToken> credential = clientId == null || secret == null || secret.isEmpty() ? Optional.empty()
                : credentials.fromAuthorization("Bearer " + secret)
                        .filter(AccessToken::requestsTokens)
                        .filter(c -> c.requester().value().equals(clientId));
        if (credential.isEmpty()) {
            return refuse(clientId, patient, from, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_CLIENT,
                    "no valid organisation credential: authenticate with HTTP Basic, your URA as client_id and the "
                            + "credential this hospital issued your organisation as client_secret"),
                    clientId == null ? "no client authentication" : "organisation credential not accepted");
        }
        AccessToken org = credential.get();
        if (!"client_credentials".equals(one(form, "grant_type"))) {
            return refuse(org, null, patient, from, new TokenAnswer.Refused(TokenAnswer.Error.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be client_credentials (RFC 6749 section 4.4.2)"), "grant type "
                    + one(form, "grant_type"));
        }
        if (patient == null) {
            return refuse(org, null, null, from, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_REQUEST,
                    "name the patient as patient=" + BSN_SYSTEM + "|{BSN}, a BSN that passes the 11-proof"
                            + (bsnParam == null ? "" : " (given: " + maskParam(bsnParam) + ")")),
                    "no valid patient BSN");
        }
        Optional<String> name = institutions.nameOf(org.requester().value());
        if (name.isEmpty()) {
            return refuse(org, null, patient, from, new TokenAnswer.Refused(TokenAnswer.Error.UNAUTHORIZED_CLIENT,
                    "your organisation (URA " + org.requester().value() + ") is not in this hospital's address book: "
                            + "ask its administrator to add it"), "organisation not in the address book");
        }
        ConsentDecision decision = consent.decide(patient, Requester.organisation(org.requester(),
                org.institutionType()), Purpose.BGZ_ON_REQUEST, Zibs.BGZ);
        boolean consented = !decision.leaveOut().containsAll(Zibs.BGZ);
        boolean known = !store.patientsWithBsn(patient.value()).isEmpty();
        if (!consented || !known) {
            return refuse(org, name.get(), patient, from, new TokenAnswer.Refused(TokenAnswer.Error.INVALID_SCOPE,
                    "no BgZ of this patient is made available to your organisation here: the patient has not "
                            + "consented to it (Wabvpz art. 15a), or this hospital holds no BgZ of them; consent is "
                            + "recorded at this hospital or in Mitz"),
                    !consented ? "no consent for BGZ_ON_REQUEST" : "no BgZ of this patient in the store");
        }
        Instant now = clock.instant();
        String token = IssuedTokens.newToken();
        String id = UUID.randomUUID().toString();
        IssuedToken record = new IssuedToken(IssuedTokens.hash(token), id, null, patient, org.requester().value(),
                name.get(), org.institutionType(), types, now, now.plus(validity), false);
        issued.save(record);
        AuditEvent.Builder b = event(org, from).outcome(Outcome.SUCCESS).patient(PatientRef.of(patient))
                .destination(new Peer(name.get(), null, null))
                .detail("BgZ token issued by the consent flow to " + name.get() + " (URA " + org.requester().value()
                        + ") for " + Purpose.BGZ_ON_REQUEST + ": " + types.size() + " resource types, valid until "
                        + record.expiresAt() + ", issuance " + id);
        decision.categories().values().stream()
                .filter(c -> c.ground() == CategoryDecision.Ground.CONSENT && c.reliedOn() != null)
                .map(CategoryDecision::reliedOn).distinct().forEach(c -> b.object(new ObjectRef(ObjectKind.CONSENT, c)));
        decision.categories().values().stream()
                .filter(c -> c.ground() == CategoryDecision.Ground.CONSENT && c.reliedOn() != null)
                .map(CategoryDecision::reliedOn).findFirst().ifPresent(c -> b.legalBasis(new LegalBasis.Consent(c)));
        audit.record(b.build());
        return new TokenAnswer.Issued(token, validity.toSeconds());
    }

    private TokenAnswer refuse(String clientId, Bsn patient, String from, TokenAnswer.Refused answer, String why) {
        Actor actor = new Actor(clientId == null || clientId.isBlank() ? "unauthenticated" : clip(clientId), null,
                Role.REMOTE_SYSTEM, null);
        return record(actor, null, patient, from, answer, why);
    }

    private TokenAnswer refuse(AccessToken org, String name, Bsn patient, String from, TokenAnswer.Refused answer,
                               String why) {
        return record(actor(org), name, patient, from, answer, why);
    }

    private TokenAnswer record(Actor actor, String name, Bsn patient, String from, TokenAnswer.Refused answer,
                               String why) {
        AuditEvent.Builder b = AuditEvent.of(EventType.CONSENT_DECISION, actor, clock.instant())
                .outcome(Outcome.MINOR_FAILURE)
                .detail("BgZ token refused by the consent flow to " + (name != null ? name + " (URA "
                        + actor.userId() + ")" : actor.userId()) + ": " + why + " (" + answer.error().code() + ")");
        if (from != null) {
            b.accessPoint(AccessPoint.host(from));
        }
        if (patient != null) {
            b.patient(PatientRef.of(patient));
        }
        if (name != null) {
            b.destination(new Peer(name, null, null));
        }
        audit.record(b.build());
        return answer;
    }

    private AuditEvent.Builder event(AccessToken org, String from) {
        AuditEvent.Builder b = AuditEvent.of(EventType.CONSENT_DECISION, actor(org), clock.instant());
        if (from != null) {
            b.accessPoint(AccessPoint.host(from));
        }
        return b;
    }

    private static Actor actor(AccessToken org) {
        Ura ura = org.requester();
        return new Actor(ura.value(), null, Role.REMOTE_SYSTEM, ura);
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** client_id and client_secret of a Basic credential, each form-urlencoded (RFC 6749 §2.3.1); null if malformed. */
    private static String[] basicPair(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A patient parameter as a message may repeat it: the BSN masked (never whole in a text). */
    private static String maskParam(String param) {
        int bar = param.lastIndexOf('|');
        return bar < 0 ? Bsn.mask(param) : param.substring(0, bar + 1) + Bsn.mask(param.substring(bar + 1));
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
