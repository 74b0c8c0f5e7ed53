package nl.zorgbrug.gateway.addressbook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A DICOM application entity reached by C-STORE (PS3.4 Annex B) over an association (PS3.8).
 *
 * @param tls                DICOM TLS (PS3.15 B.1) on this port
 * @param storageCommitment  the institution is a Storage Commitment SCP (PS3.4 Annex J): a job to it is DONE
 *                           only when its N-EVENT-REPORT commits every instance, not already at the C-STORE success
 * @param certificateSubject the subject (RFC 4514 distinguished name) of the TLS client certificate that this
 *                           AE title must present when it calls our TLS listener; null: not bound
 */
public record DicomEndpoint(String aeTitle, String host, int port, boolean tls, boolean storageCommitment,
                            String certificateSubject) implements Endpoint {
    private static final Pattern AE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");

    /** An AE without TLS, storage commitment or bound certificate. */
    public static DicomEndpoint of(String aeTitle, String host, int port) {
        return new DicomEndpoint(aeTitle, host, port, false, false, null);
    }

    public DicomEndpoint withTls(boolean useTls) {
        return new DicomEndpoint(aeTitle, host, port, useTls, storageCommitment, certificateSubject);
    }

    public DicomEndpoint withStorageCommitment(boolean commitment) {
        return new DicomEndpoint(aeTitle, host, port, tls, commitment, certificateSubject);
    }

    @Override
    public boolean awaitsCommitment() {
        return storageCommitment;
    }

    /** An entry may hold DICOM fields without an AE title; it is not valid then, but the fields are kept. */
    boolean hasAeTitle() {
        return aeTitle != null && !aeTitle.isEmpty();
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        boolean dicom = hasAeTitle();
        if (dicom && (!AE.matcher(aeTitle).matches() || aeTitle.isBlank())) {
            p.add("aeTitle: 1-16 characters of the default repertoire, no backslash (PS3.5 6.2 AE)");
        }
        if (dicom && (host == null || host.isBlank())) {
            p.add("host: required with an AE title");
        }
        if (dicom && (port < 1 || port > 65535)) {
            p.add("port: 1-65535");
        }
        if (storageCommitment && !dicom) {
            p.add("storageCommitment: needs a DICOM AE title (storage commitment is a DIMSE service)");
        }
        if (certificateSubject != null && !certificateSubject.isBlank()) {
            if (!dicom) {
                p.add("certificateSubject: binds an AE title, so the entry needs one");
            }
            try {
                new javax.security.auth.x500.X500Principal(certificateSubject);
            } catch (IllegalArgumentException e) {
                p.add("certificateSubject: a distinguished name such as 'CN=pacs.umcx.nl,O=UMC X,C=NL' (RFC 4514): "
                        + e.getMessage());
            }
        }
        return p;
    }
}
