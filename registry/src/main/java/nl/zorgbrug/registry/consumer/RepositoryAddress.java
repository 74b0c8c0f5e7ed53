package nl.zorgbrug.registry.consumer;

import java.util.Objects;

/**
 * Where a repository the index names is reached (issue 20 part 6): its repositoryUniqueId (and homeCommunityId, for
 * XCA-I later) mapped to the endpoints of the source in the address book: ITI-43 for the KOS, WADO-RS (PS3.18 §10.4)
 * for the instances (or RAD-69, or C-MOVE from the entry's DICOM node).
 *
 * @param institution the address-book key of the source (for the audit trail and the person)
 * @param iti43Url    the repository's ITI-43 endpoint
 * @param wadoRsUrl   the source's DICOMweb root, {@code .../studies/...} below it
 * @param user        HTTP Basic at the repository (null: none)
 * @param rad69Url    the source's RAD-69 Retrieve Imaging Document Set endpoint (RAD TF-3 §4.69; null: none)
 * @param retrieval   how the instances are fetched: WADO-RS (RAD-107), RAD-69 or C-MOVE
 */
public record RepositoryAddress(String repositoryUniqueId, String homeCommunityId, String institution, String iti43Url,
                                String wadoRsUrl, String user, String password, String rad69Url,
                                Retrieval retrieval) {

    /** How a source's instances are fetched (issue 20 part 3, "as the address book lists"). */
    public enum Retrieval {
        /** WADO-RS RetrieveInstance, PS3.18 §10.4 (RAD-107). */
        WADO_RS,
        /** RAD-69 Retrieve Imaging Document Set, RAD TF-3 §4.69 (SOAP, MTOM). */
        RAD_69,
        /**
         * C-MOVE (RAD TF-2 §4.16, PS3.4 C.4.2) from the DICOM node of the address-book entry {@code institution} to the
         * node's move destination: a source whose PACS has no DICOMweb and no RAD-69.
         */
        C_MOVE
    }

    public RepositoryAddress {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        Objects.requireNonNull(iti43Url, "iti43Url");
        retrieval = retrieval == null ? Retrieval.WADO_RS : retrieval;
    }

    /** A repository whose instances are fetched by WADO-RS. */
    public RepositoryAddress(String repositoryUniqueId, String homeCommunityId, String institution, String iti43Url,
                             String wadoRsUrl, String user, String password) {
        this(repositoryUniqueId, homeCommunityId, institution, iti43Url, wadoRsUrl, user, password, null,
                Retrieval.WADO_RS);
    }
}
