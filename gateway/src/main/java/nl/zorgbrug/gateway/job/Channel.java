package nl.zorgbrug.gateway.job;

/**
 * How a job is delivered (issue 21: "each job shows its channel"), set by the transport that takes it. The gateway
 * names the channels of the modules downstream of it too (SFTP, the download link), so the job manager can filter by
 * them without knowing those modules; a new channel is one more constant here.
 */
public enum Channel {
    /** C-STORE (PS3.4 Annex B): the Twiin job manager's "DICOM Send". */
    DICOM,
    /** DICOMweb STOW-RS (PS3.18 10.5). */
    STOW_RS,
    /** A study package over SFTP (transport module). */
    SFTP,
    /** A study package behind a mailed download link: the Twiin job manager's "DICOM E-Mail" (transport module). */
    LINK,
    /** The study's KOS manifest registered with the region's XDS Document Registry by ITI-42 (registry module, issue 20). */
    REGISTRY
}
