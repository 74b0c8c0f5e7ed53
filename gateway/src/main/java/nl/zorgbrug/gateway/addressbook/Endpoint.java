package nl.zorgbrug.gateway.addressbook;

import java.util.List;

/**
 * Where and how an institution takes deliveries: one variant per channel. The delivery chooses the
 * transport by the endpoint's type ({@code gateway/delivery/Transports}), so a new channel is one
 * endpoint type and one transport, not more fields on {@link Institution}.
 *
 * <p>The gateway knows DICOM (C-STORE, PS3.4 Annex B) and DICOMweb STOW-RS (PS3.18 10.5). Channels that
 * live in modules downstream of the gateway (SFTP, a download link) cannot join this permits list; they
 * implement {@link PluggedEndpoint}.
 */
public sealed interface Endpoint permits DicomEndpoint, StowRsEndpoint, PluggedEndpoint {

    /** What is wrong with this endpoint, field by field (named as in the address book); empty when valid. */
    List<String> problems();

    /** Whether the job is DONE only once the receiver committed what it acknowledged (PS3.4 Annex J). */
    default boolean awaitsCommitment() {
        return false;
    }
}
