package nl.zorgbrug.gateway.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a STOW-RS origin server says it did with each instance (PS3.18 10.5.3, the Store Instances Response
 * Module, table 10.5.3-3, in the DICOM JSON model of PS3.18 F.2): the Referenced SOP Sequence (0008,1199) lists
 * the stored instances, each perhaps with a Warning Reason (0008,1196); the Failed SOP Sequence (0008,1198)
 * lists the others with a Failure Reason (0008,1197). The reasons are C-STORE status codes (0xB000 coercion,
 * 0xA700 out of resources, 0xA900 SOP class mismatch, 0xC000 cannot understand, 0x0110 processing failure, ...).
 *
 * @param stored SOP Instance UID → its warning reason, 0 when stored without warning
 * @param failed SOP Instance UID → its failure reason, 0x0110 when the server named none
 */
public record StowRsResponse(Map<String, Integer> stored, Map<String, Integer> failed) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String WARNING_REASON = "00081196";
    private static final String FAILURE_REASON = "00081197";
    /** PS3.7 C.4.2: Processing failure, for a failed item that names no reason. */
    static final int PROCESSING_FAILURE = 0x0110;

    public StowRsResponse {
        stored = Map.copyOf(stored);
        failed = Map.copyOf(failed);
    }

    /** Neither stored nor failed: the server did not mention the instance. */
    public boolean mentions(String sopInstanceUid) {
        return stored.containsKey(sopInstanceUid) || failed.containsKey(sopInstanceUid);
    }

    /**
     * Reads a response body. A body that is not DICOM JSON (empty, HTML, XML) mentions no instance, so
     * nothing counts as stored: the transport then retries, as it does for an unconfirmed C-STORE.
     */
    public static StowRsResponse parse(String body) {
        Map<String, Integer> stored = new LinkedHashMap<>();
        Map<String, Integer> failed = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return new StowRsResponse(stored, failed);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return new StowRsResponse(stored, failed);
        }
        // Some servers answer a one-element array holding the data set (the QIDO-RS shape).
        if (root != null && root.isArray() && root.size() == 1) {
            root = root.get(0);
        }
        if (root == null || !root.isObject()) {
            return new StowRsResponse(stored, failed);
        }
        items(root, REFERENCED_SOP_SEQUENCE).forEach(item ->
                uid(item).ifPresent(uid -> stored.put(uid, reason(item, WARNING_REASON).orElse(0))));
        items(root, FAILED_SOP_SEQUENCE).forEach(item ->
                uid(item).ifPresent(uid -> failed.put(uid, reason(item, FAILURE_REASON).orElse(PROCESSING_FAILURE))));
        return new StowRsResponse(stored, failed);
    }

    private static Iterable<JsonNode> items(JsonNode dataSet, String tag) {
        JsonNode value = dataSet.path(tag).path("Value");
        return value.isArray() ? value : java.util.List.of();
    }

    private static Optional<String> uid(JsonNode item) {
        JsonNode value = item.path(REFERENCED_SOP_INSTANCE_UID).path("Value");
        return value.isArray() && !value.isEmpty() && value.get(0).isTextual()
                ? Optional.of(value.get(0).asText().trim()) : Optional.empty();
    }

    private static Optional<Integer> reason(JsonNode item, String tag) {
        JsonNode value = item.path(tag).path("Value");
        if (!value.isArray() || value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = value.get(0);
        if (first.isInt()) {
            return Optional.of(first.asInt());
        }
        // US is a number in DICOM JSON (PS3.18 F.2.3), but some servers send "A700" or "0xA700" as a string.
        String text = first.asText().trim().replaceFirst("^0[xX]", "");
        try {
            return Optional.of(Integer.parseInt(text, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
