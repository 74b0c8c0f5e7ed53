package nl.zorgbrug.bgz.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One resource of the patient record as the EPD fed it (issue 19, "A store for the patient record"): its type and
 * logical id, the logical id of the Patient it belongs to (null for shared resources such as a Practitioner), the
 * patient's BSN once known, the persistent, globally unique identifier of the zib (its first business identifier as
 * {@code system|value}, or a {@code urn:uuid:} the store gave it), the version, the resources it names as
 * Provenance targets ({@code Type/id}, Provenance only) and the resource itself as FHIR JSON.
 */
public record StoredResource(String type, String id, String patientId, String patientBsn, String persistentId,
                             long version, Instant updated, List<String> provenanceTargets, String json) {
    public StoredResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(persistentId, "persistentId");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(json, "json");
        provenanceTargets = List.copyOf(provenanceTargets == null ? List.of() : provenanceTargets);
    }

    /** {@code Type/id}, as a relative FHIR reference names it. */
    public String reference() {
        return type + "/" + id;
    }
}
