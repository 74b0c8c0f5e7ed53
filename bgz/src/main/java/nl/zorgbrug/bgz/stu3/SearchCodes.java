package nl.zorgbrug.bgz.stu3;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * The codes a store keeps beside a resource so that a search can pre-select in the database instead of parsing every
 * resource of the patient's type (issue 19's benchmark, docs/benchmarks.md "The BgZ query set"): per search parameter
 * of the BgZ MSZ 2.0 query set that selects among many resources, the codes of the element it searches (FHIR STU3
 * search parameter definitions: Observation {@code code} is {@code Observation.code}, {@code category} is
 * {@code Observation.category}). Only the code is kept, not the system: the pre-selection may keep too much, never
 * too little; the search still checks system and code on each resource it parses ({@code Tokens}).
 */
public final class SearchCodes {
    /** A code longer than this is not kept; the resource is then left unindexed (always a candidate). */
    public static final int MAX_CODE = 200;

    private static final Map<String, Map<String, String>> PATHS = Map.of(
            "Observation", Map.of("code", "Observation.code.coding.code",
                    "category", "Observation.category.coding.code"));

    private SearchCodes() {
    }

    /** Whether resources of {@code type} get codes kept at all. */
    public static boolean indexes(String type) {
        return PATHS.containsKey(type);
    }

    /**
     * The codes per search parameter of a resource given as FHIR STU3 JSON; empty when its type has none kept, or
     * when a code is too long to keep (then the resource must stay a candidate of every pre-selection).
     */
    public static Optional<Map<String, Set<String>>> of(String type, String json) {
        Map<String, String> paths = PATHS.get(type);
        if (paths == null) {
            return Optional.empty();
        }
        FhirContext ctx = FhirContext.forDstu3Cached();
        IBaseResource r;
        try {
            r = ctx.newJsonParser().parseResource(json);
        } catch (DataFormatException notFhir) {
            return Optional.empty(); // kept unindexed: a candidate of every pre-selection, judged when searched
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : paths.entrySet()) {
            Set<String> codes = new LinkedHashSet<>();
            List<IPrimitiveType> values = ctx.newTerser().getValues(r, p.getValue(), IPrimitiveType.class);
            for (IPrimitiveType<?> v : values) {
                String code = v.getValueAsString();
                if (code == null) {
                    continue;
                }
                if (code.length() > MAX_CODE) {
                    return Optional.empty();
                }
                codes.add(code);
            }
            out.put(p.getKey(), codes);
        }
        return Optional.of(out);
    }
}
