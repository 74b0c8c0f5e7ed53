package nl.zorgbrug.registry.consumer;

/**
 * A document the index lists for a study: the KOS manifest or the report, and where to retrieve it (ITI-43 to
 * {@code repositoryUniqueId}; {@code homeCommunityId} for XCA later).
 *
 * @param sourcePatientId     the source's own patient id of the entry (ITI TF-3 §4.2.3.2.23), bound by the index to
 *                            the BSN: the id the source's instances carry; null when the entry has none
 * @param sourcePatientIssuer its assigning authority (OID)
 */
public record IndexedDocument(String uniqueId, String repositoryUniqueId, String homeCommunityId, String mimeType,
                              String title, String sourcePatientId, String sourcePatientIssuer) {
}
