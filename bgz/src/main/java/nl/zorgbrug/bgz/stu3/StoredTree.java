package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * A stored resource's JSON as a Jackson tree, for what a search decides on a resource it serves as stored
 * ({@link StoredJson}) without building HAPI's model of it: reading the tree is about a third of HAPI's parse (the
 * parse reads the same tree first, then builds the model; issue 19's profile, docs/benchmarks.md), and the laboratory
 * query decides on 875 resources. The elements read are those HAPI's model gives: a primitive without a value (only
 * an extension, {@code _element}) reads as null, as its getter's value is.
 */
final class StoredTree {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = StoredTree.class.getName();

    private StoredTree() {
    }

    static JsonNode read(StoredResource row) {
        try {
            return MAPPER.readTree(row.json());
        } catch (JsonProcessingException e) {
            throw new InternalErrorException("the stored " + row.reference() + " is not JSON (" + e.getOriginalMessage()
                    + "): feed it again from the EPD", e);
        }
    }

    /** Keeps the tree with the stand-in of the resource, for its includes. */
    static Resource keep(Resource standIn, JsonNode tree) {
        standIn.setUserData(KEY, tree);
        return standIn;
    }

    /** The tree kept with a stand-in; null for a resource parsed into HAPI's model. */
    static JsonNode of(Resource r) {
        return r.getUserData(KEY) instanceof JsonNode tree ? tree : null;
    }

    /** {@code meta.profile}, as {@code getMeta().getProfile()} gives the values. */
    static List<String> profiles(JsonNode resource) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : resource.path("meta").path("profile")) {
            out.add(text(p));
        }
        return out;
    }

    /** A primitive's value: null when absent or not a string. */
    static String text(JsonNode primitive) {
        return primitive != null && primitive.isTextual() ? primitive.textValue() : null;
    }

    /**
     * The nodes at {@code path} below {@code node}, each step into an object's field and through an array's items
     * (FHIR JSON: a repeating element is an array, a single one an object).
     */
    static List<JsonNode> at(JsonNode node, String... path) {
        List<JsonNode> current = List.of(node);
        for (String step : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                JsonNode child = n.path(step);
                if (child.isArray()) {
                    child.forEach(next::add);
                } else if (child.isObject()) {
                    next.add(child);
                }
            }
            current = next;
        }
        return current;
    }
}
