package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * The whole BgZ of one patient as one document (issue 19, "The whole BgZ as one document"): every search of the BgZ
 * MSZ 2.0 query set ({@link BgzQuerySet}), run through the same providers as the searches, in one request: one token
 * check, one consent question, the same shielding, one audit event. What each search matches is its section's
 * entries; what its includes and {@code _revinclude=Provenance:target} brought along is in the document without being
 * a section's entry. Rendering as a FHIR Bundle is the endpoint's ({@link BgzDocumentProvider}, and on R4
 * {@code bgz.r4}).
 */
public final class BgzDocument {
    private static final List<BgzQuery> QUERIES = BgzQuerySet.all();

    /** One section: the zib and the resources its search matched, in the order served. */
    public record Section(BgzSection section, List<Resource> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    /**
     * What the document holds: the patient, the sections that have entries (in the order of the query set), and
     * every resource once (by {@code Type/id}), matches and includes, in the order first served.
     */
    public record Assembled(Bsn patient, List<Section> sections, List<Resource> resources) {
        public Assembled {
            sections = List.copyOf(sections);
            resources = List.copyOf(resources);
        }
    }

    private final Stu3Searches searches;

    public BgzDocument(Stu3Searches searches) {
        if (QUERIES.size() != BgzSection.values().length) {
            throw new IllegalStateException("the BgZ query set has " + QUERIES.size() + " searches but BgzSection "
                    + BgzSection.values().length + " sections: give each search of BgzQuerySet its section");
        }
        this.searches = searches;
    }

    /**
     * The document's content for the patient {@code identifier} names (a BSN token) or, without one, the token's.
     * Another patient than the token's is a 403, no consent a 403, as for every search ({@link Serving}). A section
     * the token may not read (a Notified Pull token reads only its Task's types), a zib consent leaves out and a
     * section without entries are not in the document: an absent section does not tell shielded from empty.
     */
    public Assembled assemble(RequestDetails request, TokenParam identifier) {
        Serving serving = searches.serving();
        Serving.Scope scope = serving.scope(request, identifier);
        AccessToken token = Caller.reader(request);
        Map<String, Resource> all = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        BgzSection[] defs = BgzSection.values();
        for (int i = 0; i < QUERIES.size(); i++) {
            BgzQuery query = QUERIES.get(i);
            BgzSection section = defs[i];
            if (!token.reads(query.resource()) || scope.leftOut().contains(section.zib())) {
                continue;
            }
            SearchResult result = run(query.withoutPatient(), request);
            List<Resource> entries = new ArrayList<>();
            for (Resource r : result.matches()) {
                entries.add(all.computeIfAbsent(reference(r), k -> r));
            }
            result.included().forEach(r -> all.putIfAbsent(reference(r), r));
            if (!entries.isEmpty()) {
                sections.add(new Section(section, entries));
            }
        }
        return new Assembled(scope.bsn(), sections, new ArrayList<>(all.values()));
    }

    static String reference(Resource r) {
        return r.fhirType() + "/" + r.getIdElement().getIdPart();
    }

    /**
     * One search of the set through its provider, the patient left to the token (the scope is already decided for
     * this request). Every parameter of the query must be taken here: a query the set gains without a case here
     * fails loudly instead of running a wider search.
     */
    private SearchResult run(BgzQuery query, RequestDetails request) {
        Map<String, String> p = new HashMap<>();
        for (String[] kv : query.params()) {
            p.put(kv[0], kv[1]);
        }
        Set<String> used = new LinkedHashSet<>();
        Set<Include> rev = includes(p, "_revinclude", used);
        Set<Include> inc = includes(p, "_include", used);
        Stu3Searches s = searches;
        Object answer = switch (query.resource() + query.path()) {
            case "Patient" -> s.patient().search(null, inc, rev, request);
            case "Coverage" -> s.coverage().search(null, inc, rev, request);
            case "Consent" -> s.consent().search(null, tokens(p, "category", used), rev, request);
            case "Observation" -> s.observation().search(null, tokens(p, "category", used), tokens(p, "code", used),
                    inc, rev, request);
            case "Observation/$lastn" -> s.observation().lastN(null, tokens(p, "code", used), 1, request);
            case "Condition" -> s.condition().search(null, rev, request);
            case "NutritionOrder" -> s.nutritionOrder().search(null, rev, request);
            case "Flag" -> s.flag().search(null, rev, request);
            case "AllergyIntolerance" -> s.allergyIntolerance().search(null, rev, request);
            case "MedicationStatement" -> s.medicationStatement().search(null, tokens(p, "category", used), inc,
                    rev, request);
            case "MedicationRequest" -> s.medicationRequest().search(null, tokens(p, "category", used), inc, rev,
                    request);
            case "MedicationDispense" -> s.medicationDispense().search(null, tokens(p, "category", used), inc, rev,
                    request);
            case "DeviceUseStatement" -> s.deviceUseStatement().search(null, inc, rev, request);
            case "Immunization" -> s.immunization().search(null, tokens(p, "status", used), rev, request);
            case "Encounter" -> s.encounter().search(null, rev, request);
            case "Procedure" -> s.procedure().search(null, tokens(p, "category", used), inc, rev, request);
            case "ProcedureRequest" -> s.procedureRequest().search(null, tokens(p, "status", used), rev, request);
            case "CareTeam" -> s.careTeam().search(null, tokens(p, "status", used), inc, rev, request);
            default -> throw new IllegalStateException("the BgZ document has no search for " + query.label()
                    + ": add its case to BgzDocument.run");
        };
        if (!used.equals(p.keySet())) {
            Set<String> left = new LinkedHashSet<>(p.keySet());
            left.removeAll(used);
            throw new IllegalStateException("the BgZ document would run " + query.label() + " without " + left
                    + ": pass those parameters in BgzDocument.run");
        }
        return (SearchResult) answer;
    }

    private static Set<Include> includes(Map<String, String> p, String name, Set<String> used) {
        if (!p.containsKey(name)) {
            return null;
        }
        used.add(name);
        Set<Include> out = new LinkedHashSet<>();
        for (String v : p.get(name).split(",")) {
            out.add(new Include(v.strip()));
        }
        return out;
    }

    private static TokenOrListParam tokens(Map<String, String> p, String name, Set<String> used) {
        if (!p.containsKey(name)) {
            return null;
        }
        used.add(name);
        TokenOrListParam list = new TokenOrListParam();
        for (String v : p.get(name).split(",")) {
            int bar = v.indexOf('|');
            list.add(bar < 0 ? new TokenParam(v.strip()) : new TokenParam(v.substring(0, bar).strip(),
                    v.substring(bar + 1).strip()));
        }
        return list;
    }
}
