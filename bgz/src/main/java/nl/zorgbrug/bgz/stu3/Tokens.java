package nl.zorgbrug.bgz.stu3;

import java.util.List;

import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;

/**
 * Token matching (FHIR STU3 search, "token"): {@code system|code}, {@code |code} (no system) or {@code code}
 * (any system). A space after the comma of a list ({@code a|1, b|2}) is tolerated, as issue 19 asks: HAPI splits the
 * list at the comma and leaves the space, so system and code are trimmed here.
 */
final class Tokens {
    private Tokens() {
    }

    static boolean matches(TokenOrListParam wanted, List<CodeableConcept> concepts) {
        if (wanted == null) {
            return true;
        }
        for (TokenParam t : wanted.getValuesAsQueryTokens()) {
            for (CodeableConcept cc : concepts) {
                if (matches(t, cc)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * As {@link #matches(TokenOrListParam, List)}, over CodeableConcepts in stored JSON ({@link StoredTree}): each
     * {@code coding}'s {@code system} and {@code code}, null where absent, as HAPI's model gives them.
     */
    static boolean matches(TokenOrListParam wanted, Iterable<JsonNode> concepts) {
        if (wanted == null) {
            return true;
        }
        for (TokenParam t : wanted.getValuesAsQueryTokens()) {
            for (JsonNode cc : concepts) {
                for (JsonNode c : StoredTree.at(cc, "coding")) {
                    if (matches(t, StoredTree.text(c.get("system")), StoredTree.text(c.get("code")))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean matches(TokenParam t, CodeableConcept cc) {
        if (cc == null) {
            return false;
        }
        for (Coding c : cc.getCoding()) {
            if (matches(t, c.getSystem(), c.getCode())) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(TokenParam t, String system, String code) {
        String wantedCode = t.getValue() == null ? "" : t.getValue().strip();
        if (!wantedCode.equals(code)) {
            return false;
        }
        String wantedSystem = t.getSystem() == null ? null : t.getSystem().strip();
        if (wantedSystem == null) {
            return true;
        }
        return wantedSystem.isEmpty() ? system == null : wantedSystem.equals(system);
    }

    /** Whether a token list matches a plain code (a status): {@code active}, or {@code system|active}. */
    static boolean matchesCode(TokenOrListParam wanted, String code) {
        if (wanted == null) {
            return true;
        }
        for (TokenParam t : wanted.getValuesAsQueryTokens()) {
            if (t.getValue() != null && t.getValue().strip().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
