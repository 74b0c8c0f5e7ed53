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
     */
    record KeptKos(String documentUniqueId, String studyInstanceUid, long jobId, byte[] kos, String submission,
                   Instant created, Instant registered) {
        public KeptKos {
            Objects.requireNonNull(documentUniqueId, "documentUniqueId");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            Objects.requireNonNull(kos, "kos");
            Objects.requireNonNull(submission, "submission");
        }
    }

    /** Keeps a new KOS; one per job (a second for the same job or uniqueId is a programming error). */
    void keep(KeptKos kos);

    /** The KOS kept for a registration job, if any. */
    Optional<KeptKos> forJob(long jobId);

    /** The KOS by its uniqueId (ITI-43's DocumentUniqueId). */
    Optional<KeptKos> find(String documentUniqueId);

    /** Records that the registry answered Success for it. */
    void registered(String documentUniqueId, Instant at);
}
