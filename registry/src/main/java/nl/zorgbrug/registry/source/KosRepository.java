package nl.zorgbrug.registry.source;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's Document Repository (issue 20 part 2, the integrated Imaging Document Source / Repository): each KOS
 * manifest the node made for a registration job, kept with the exact ITI-42 request made for it, before that request
 * is first sent. A retry sends the kept request again unchanged, so a registry that stored it and whose answer was
 * lost sees a resend and stores nothing twice; ITI-43 serves the kept bytes.
 */
public interface KosRepository {

    /**
     * One kept KOS.
     *
     * @param documentUniqueId the KOS's SOP Instance UID, the DocumentEntry's uniqueId
     * @param submission       the ITI-42 request as ebRIM 3.0 ({@code nl.zorgbrug.registry.model.EbRim#write})
     * @param registered       when the registry answered Success; null until then
     * @param replaces         the uniqueId of the KOS of the same job this one replaces (RPLC), null for the first
     */
    record KeptKos(String documentUniqueId, String studyInstanceUid, long jobId, byte[] kos, String submission,
                   Instant created, Instant registered, String replaces) {
        public KeptKos {
            Objects.requireNonNull(documentUniqueId, "documentUniqueId");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            Objects.requireNonNull(kos, "kos");
            Objects.requireNonNull(submission, "submission");
        }
    }

    /**
     * Keeps a new KOS: the job's first, or one that {@link KeptKos#replaces() replaces} the job's current one. A second
     * first KOS for a job, a KOS replacing one that is not the job's current, or a uniqueId kept already is refused
     * (IllegalStateException): another attempt of the same job got there first.
     */
    void keep(KeptKos kos);

    /** The job's current KOS (the newest: the one no other replaces), if any. */
    Optional<KeptKos> forJob(long jobId);

    /** The KOS by its uniqueId (ITI-43's DocumentUniqueId). */
    Optional<KeptKos> find(String documentUniqueId);

    /** Records that the registry answered Success for it. */
    void registered(String documentUniqueId, Instant at);
}
