package nl.zorgbrug.audit.event;

/**
 * Where the action came from (NEN 7513: the access point; PS3.15 A.5.1 NetworkAccessPointID): the host name or IP
 * address, the calling AE title for DICOM, and the subject of the client certificate for TLS. Any may be null.
 */
public record AccessPoint(String host, String aeTitle, String certificateSubject) {

    public static AccessPoint host(String host) {
        return new AccessPoint(host, null, null);
    }

    public static AccessPoint dicom(String host, String aeTitle, String certificateSubject) {
        return new AccessPoint(host, aeTitle, certificateSubject);
    }
}
