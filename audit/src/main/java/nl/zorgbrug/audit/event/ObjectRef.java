package nl.zorgbrug.audit.event;

import java.util.Objects;

/** One object an event concerns: its kind and its identifier (a UID, a FHIR type/id, a job number). */
public record ObjectRef(ObjectKind kind, String id) {
    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static ObjectRef study(String studyInstanceUid) {
        return new ObjectRef(ObjectKind.STUDY, studyInstanceUid);
    }

    public static ObjectRef series(String seriesInstanceUid) {
        return new ObjectRef(ObjectKind.SERIES, seriesInstanceUid);
    }

    public static ObjectRef sopInstance(String sopInstanceUid) {
        return new ObjectRef(ObjectKind.SOP_INSTANCE, sopInstanceUid);
    }

    public static ObjectRef job(long jobId) {
        return new ObjectRef(ObjectKind.JOB, Long.toString(jobId));
    }

    public static ObjectRef fhir(String type, String id) {
        return new ObjectRef(ObjectKind.FHIR_RESOURCE, type + "/" + id);
    }
}
