package nl.zorgbrug.registry.consumer;

/**
 * A document the index lists for a study: the KOS manifest or the report, and where to retrieve it (ITI-43 to
 * {@code repositoryUniqueId}; {@code homeCommunityId} for XCA later).
 */
public record IndexedDocument(String uniqueId, String repositoryUniqueId, String homeCommunityId, String mimeType,
                              String title) {
}
