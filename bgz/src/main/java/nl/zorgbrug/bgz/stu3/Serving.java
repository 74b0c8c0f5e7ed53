package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentDecision;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.Zibs;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.UriType;

/**
 * Answers one BgZ search for one patient (issue 19, "Beschikbaarstellend"): which patient (the query's BSN, or the
 * token's when the query names none), whether the token may read that patient (never another), what consent permits
 * (Wabvpz art. 15a; shielded zibs never leave), then the matches, their includes and their Provenance (naming only
 * released targets, {@link ProvenanceTargets}). What the request touched is noted for the audit event
 * ({@link AuditInterceptor}).
 */
final class Serving {
    /** Every zib of the BgZ: asked in one consent question per request. */
    static final Set<DataCategory> BGZ = Zibs.BGZ;

    private final FhirContext ctx;
    private final ResourceStore store;
    private final ConsentService consent;
    private final ProvenanceTargets provenanceTargets;

    Serving(FhirContext ctx, ResourceStore store, ConsentService consent) {
        this.ctx = ctx;
        this.store = store;
        this.consent = consent;
        this.provenanceTargets = new ProvenanceTargets(ctx, store);
    }

    /** The patient a request reads, checked against the token and consent. */
    record Scope(Bsn bsn, List<String> patientIds, Set<DataCategory> leftOut) {
        boolean released(Resource r, boolean standAlone) {
            return released(r.getMeta().getProfile().stream().map(UriType::getValue).toList(), standAlone);
        }

        /** As {@link #released(Resource, boolean)}, given the resource's {@code meta.profile}. */
        boolean released(List<String> profiles, boolean standAlone) {
            DataCategory c = Zibs.category(profiles);
            if (c == null) {
                return standAlone ? !leftOut.containsAll(BGZ) : true;
            }
            return !leftOut.contains(c);
        }
    }

    /** The scope of a request whose patient is given as a chained {@code patient.identifier} (or not at all). */
    Scope scope(RequestDetails request, ReferenceParam patient) {
        TokenParam identifier = null;
        if (patient != null) {
            if (!"identifier".equals(patient.getChain())) {
                throw new InvalidRequestException("the BgZ names the patient as patient.identifier="
                        + Feed.BSN_SYSTEM + "|{BSN}; a patient by logical id or another chain is not supported");
            }
            identifier = new TokenParam(patient.getValue().contains("|") ? patient.getValue().substring(0,
                    patient.getValue().indexOf('|')) : null, patient.getValue().contains("|")
                    ? patient.getValue().substring(patient.getValue().indexOf('|') + 1) : patient.getValue());
        }
        return scope(request, identifier);
    }

    /** The scope of a request whose patient is given as a BSN identifier token (or not at all). */
    Scope scope(RequestDetails request, TokenParam identifier) {
        AccessToken token = Caller.reader(request);
        Bsn bsn = token.patient();
        if (identifier != null) {
            String system = identifier.getSystem() == null ? "" : identifier.getSystem().strip();
            if (!Feed.BSN_SYSTEM.equals(system)) {
                throw new InvalidRequestException("the patient is asked by BSN: identifier system must be "
                        + Feed.BSN_SYSTEM + ", not '" + system + "'");
            }
            String value = identifier.getValue() == null ? "" : identifier.getValue().strip();
            if (!Bsn.isValid(value)) {
                throw new InvalidRequestException("the BSN asked for fails the 11-proof (" + Bsn.mask(value)
                        + "): check the number");
            }
            Bsn asked = Bsn.parse(value);
            if (!asked.equals(bsn)) {
                RequestNotes.of(request).refused(asked, "token is for another patient");
                throw new ForbiddenOperationException("this token is for another patient: a BgZ token reads only "
                        + "the patient it was issued for");
            }
        }
        RequestNotes notes = RequestNotes.of(request);
        if (notes.scope != null && notes.scope.bsn().equals(bsn)) {
            // The document operation runs every search of the set in one request: one consent question for all.
            return notes.scope;
        }
        notes.patient(bsn, token);
        Set<DataCategory> leftOut = leftOut(token, bsn);
        if (leftOut.containsAll(BGZ)) {
            notes.refused(bsn, "no consent");
            throw new ForbiddenOperationException("the patient has not consented to making the BgZ available to "
                    + "your organisation (Wabvpz art. 15a): nothing is served; the consent is recorded at the "
                    + "serving hospital or in Mitz");
        }
        List<String> ids = store.patientsWithBsn(bsn.value()).stream().map(StoredResource::id).toList();
        notes.scope = new Scope(bsn, ids, leftOut);
        return notes.scope;
    }

    /**
     * What consent leaves out. A token issued with a Notified Pull Task reads on referral: the referral is the legal
     * basis (Wabvpz art. 15a: a push on referral needs no consent), so only what the patient shields, or refused for
     * referrals, is left out. Any other token reads on request and needs the patient's consent per category.
     */
    private Set<DataCategory> leftOut(AccessToken token, Bsn bsn) {
        Requester requester = Requester.organisation(token.requester(), token.institutionType());
        if (token.referral() == null) {
            return consent.decide(bsn, requester, Purpose.BGZ_ON_REQUEST, BGZ).leaveOut();
        }
        ConsentDecision d = consent.decide(bsn, requester, Purpose.BGZ_ON_REFERRAL, BGZ);
        Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        d.categories().forEach((c, decided) -> {
            if (decided.ground() == CategoryDecision.Ground.SHIELDED
                    || decided.ground() == CategoryDecision.Ground.REFUSAL) {
                out.add(c);
            }
        });
        return out;
    }

    /** The patient's resources of {@code type} that pass {@code filter} and consent. */
    List<Resource> matches(Scope scope, String type, Predicate<Resource> filter) {
        return matches(scope, type, null, null, filter);
    }

    /**
     * As {@link #matches(Scope, String, Predicate)}, with the store pre-selecting by the codes of search parameter
     * {@code param} ({@link SearchCodes}; {@code param} null: none): only resources that may
     * match are read and parsed; {@code filter} still decides on each.
     */
    List<Resource> matches(Scope scope, String type, String param, TokenOrListParam codes, Predicate<Resource> filter) {
        return matches(null, scope, type, param, codes, filter, null);
    }

    /**
     * As {@link #matches(Scope, String, String, TokenOrListParam, Predicate)}; when the request is answered from the
     * stored JSON ({@link StoredJson}) and the search gives {@code storedFilter}, the same decision taken on the
     * stored JSON as a tree ({@link StoredTree}), without HAPI's model: what a match is parsed for is then read from
     * the tree (the search's filter, {@code meta.profile} for consent and shielding, its includes' references), and
     * the match is a stand-in. The filters decide alike; {@code StoredJsonTest} holds both ways to the same answer.
     */
    List<Resource> matches(RequestDetails request, Scope scope, String type, String param, TokenOrListParam codes,
                           Predicate<Resource> filter, Predicate<JsonNode> storedFilter) {
        boolean fromTree = storedFilter != null && request != null && StoredJson.applies(request);
        Set<String> wanted = null;
        if (param != null && codes != null) {
            wanted = new java.util.HashSet<>();
            for (TokenParam t : codes.getValuesAsQueryTokens()) {
                wanted.add(t.getValue() == null ? "" : t.getValue().strip());
            }
        }
        List<Resource> out = new ArrayList<>();
        for (String pid : scope.patientIds()) {
            List<StoredResource> rows = type.equals("Patient")
                    ? store.read("Patient", pid).stream().toList()
                    : wanted == null ? store.forPatient(type, pid) : store.forPatient(type, pid, param, wanted);
            for (StoredResource row : rows) {
                if (fromTree) {
                    JsonNode tree = StoredTree.read(row);
                    if (storedFilter.test(tree) && scope.released(StoredTree.profiles(tree), true)) {
                        out.add(StoredTree.keep(StoredJson.standIn(ctx, row), tree));
                    }
                    continue;
                }
                Resource r = parse(row);
                if (filter.test(r) && scope.released(r, true)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The answer: matches, the resources their {@code _include}s name, the Provenance naming them. */
    SearchResult answer(RequestDetails request, Scope scope, List<Resource> matches, Set<Include> includes,
                        Set<Include> revIncludes) {
        Map<String, Resource> included = new LinkedHashMap<>();
        Set<String> matchRefs = new java.util.LinkedHashSet<>();
        matches.forEach(m -> matchRefs.add(m.fhirType() + "/" + m.getIdElement().getIdPart()));
        if (includes != null) {
            // All references first, then one read of them (not one per reference), in the order they were named.
            Set<String> wanted = new java.util.LinkedHashSet<>();
            for (Resource m : matches) {
                for (Include inc : includes) {
                    for (String ref : references(m, inc)) {
                        if (!matchRefs.contains(ref)) {
                            wanted.add(ref);
                        }
                    }
                }
            }
            Map<String, StoredResource> rows = new java.util.HashMap<>();
            for (StoredResource row : wanted.isEmpty() ? List.<StoredResource>of() : store.readAll(wanted)) {
                rows.put(row.reference(), row);
            }
            // Answered as stored, an included resource is decided on its meta.profile alone: read from the stored
            // JSON's tree, not parsed (StoredTree; the set includes medications, payor, practitioners and devices).
            boolean asStored = StoredJson.applies(request);
            for (String ref : wanted) {
                java.util.Optional.ofNullable(rows.get(ref))
                        .filter(row -> row.patientId() == null || scope.patientIds().contains(row.patientId()))
                        .map(row -> asStored ? includedAsStored(scope, row) : parse(row))
                        .filter(r -> asStored || scope.released(r, false))
                        .ifPresent(r -> included.put(ref, r));
            }
        }
        // Answered from the stored JSON (StoredJson), a Provenance whose targets are all released is not parsed at all.
        boolean stored = StoredJson.applies(request);
        if (revIncludes != null && !revIncludes.isEmpty() && !matchRefs.isEmpty()) {
            for (Include rev : revIncludes) {
                if (!"Provenance".equals(rev.getParamType()) || !"target".equals(rev.getParamName())) {
                    continue;
                }
                List<StoredResource> rows = new ArrayList<>();
                for (StoredResource row : store.provenanceFor(matchRefs, scope.patientIds())) {
                    if ((row.patientId() == null || scope.patientIds().contains(row.patientId()))
                            && !included.containsKey(row.reference())) {
                        rows.add(row);
                    }
                }
                Set<String> inAnswer = new java.util.HashSet<>(matchRefs);
                inAnswer.addAll(included.keySet());
                // Shielded zibs never leave, not even as a Provenance's target (ProvenanceTargets).
                for (StoredResource row : provenanceTargets.served(rows, inAnswer, scope, Caller.reader(request))) {
                    included.put(row.reference(), stored ? StoredJson.standIn(ctx, row) : parse(row));
                }
            }
        }
        RequestNotes.of(request).served(matches, included.values());
        if (stored) {
            // Decided: HAPI's bundle factory gets stand-ins, so it does not walk every parsed resource for references.
            return new SearchResult(matches.stream().map(r -> StoredJson.standIn(ctx, r)).toList(),
                    included.values().stream().map(r -> StoredJson.standIn(ctx, r)).toList());
        }
        return new SearchResult(matches, new ArrayList<>(included.values()));
    }

    /** The references an include follows from a match: from its tree when it was decided on the stored JSON. */
    private List<String> references(Resource match, Include include) {
        JsonNode tree = StoredTree.of(match);
        if (tree == null) {
            return Includes.references(match, include);
        }
        List<String> fromTree = Includes.references(tree, match.fhirType(), include);
        return fromTree != null ? fromTree
                : Includes.references((Resource) ctx.newJsonParser().parseResource(StoredJson.json(match)), include);
    }

    /**
     * An included row of an answer served as stored: its stand-in when consent and shielding release it (decided on
     * {@code meta.profile} read from the tree, as {@link Scope#released(Resource, boolean)} reads it from the model),
     * else null.
     */
    private Resource includedAsStored(Scope scope, StoredResource row) {
        return scope.released(StoredTree.profiles(StoredTree.read(row)), false) ? StoredJson.standIn(ctx, row) : null;
    }

    /** The row as a HAPI resource, with its stored JSON kept for an answer that serves it as stored. */
    Resource parse(StoredResource row) {
        return StoredJson.attach((Resource) ctx.newJsonParser().parseResource(row.json()), row);
    }
}
