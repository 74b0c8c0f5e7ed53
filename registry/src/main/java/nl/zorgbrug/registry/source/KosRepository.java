package nl.zorgbrug.registry.source;

import java.time.Instant;
import java.util.List;
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
     * A study's report kept beside the KOS whose submission registers it (issue 20 part 2, Twiin "Afspraken
     * Beeldbeschikbaarheid": the report is a DocumentEntry of classCode REPORTS of its own). It is registered when
     * that KOS is: ITI-43 serves it only once {@code kosUniqueId} is registered.
     *
     * @param documentUniqueId the report's uniqueId: the SOP Instance UID of the SR or Encapsulated PDF it came from
     * @param kosUniqueId      the KOS in whose ITI-42 submission it is a DocumentEntry
     * @param mimeType         {@code application/pdf} or {@code text/plain}
     * @param bytes            the document as ITI-43 serves it (its SHA-1 and size are in the DocumentEntry)
     */
    record KeptReport(String documentUniqueId, String kosUniqueId, String studyInstanceUid, String mimeType,
                      byte[] bytes, Instant created) {
        public KeptReport {
            Objects.requireNonNull(documentUniqueId, "documentUniqueId");
            Objects.requireNonNull(kosUniqueId, "kosUniqueId");
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Keeps a KOS with the reports its submission registers, the reports first: a report already kept (an attempt
     * that stopped between the two) is left as it is, so the next attempt, which makes the same KOS, keeps it. A
     * report is served only once its KOS is registered, so a report whose KOS was never kept is never served.
     */
    default void keep(KeptKos kos, List<KeptReport> reports) {
        for (KeptReport r : reports) {
            keepReport(r);
        }
        keep(kos);
    }

    /** Keeps a report unless one of that uniqueId is kept already (then nothing changes). */
    void keepReport(KeptReport report);

    /** The report by its uniqueId (ITI-43's DocumentUniqueId). */
    Optional<KeptReport> findReport(String documentUniqueId);

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

    /**
     * The study's KOS that a consumer retrieves its instances by (RAD-69, WADO-RS): the newest of the study's kept KOS
     * manifests that the registry answered Success for; none when this node registered no KOS of the study.
     */
    Optional<KeptKos> registeredForStudy(String studyInstanceUid);

    /** Records that the registry answered Success for it. */
    void registered(String documentUniqueId, Instant at);
}
