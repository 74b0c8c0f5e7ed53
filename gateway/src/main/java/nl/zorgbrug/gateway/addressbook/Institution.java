package nl.zorgbrug.gateway.addressbook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An institution we exchange with (issue 5's address book): its identifiers in the Dutch registers
 * (URA: UZI register abonnee number, 8 digits; AGB code, 8 digits), the OID that issues its patient IDs,
 * its DICOM endpoint and its DICOMweb STOW-RS URL, and whom to call.
 *
 * @param key                short stable name used in routes and jobs, e.g. "umcx"
 * @param storageCommitment  the institution is a Storage Commitment SCP (PS3.4 Annex J): a job to it is DONE
 *                           only when its N-EVENT-REPORT commits every instance, not already at the C-STORE success
 * @param certificateSubject the subject (RFC 4514 distinguished name) of the TLS client certificate that this
 *                           institution's AE title must present when it calls our TLS listener; null: not bound
 */
public record Institution(String key, String name, String ura, String agb, String patientIdIssuerOid,
                          String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                          String email, String phone, boolean storageCommitment, String certificateSubject) {

    /** An entry without storage commitment and without a bound certificate subject. */
    public Institution(String key, String name, String ura, String agb, String patientIdIssuerOid,
                       String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                       String email, String phone) {
        this(key, name, ura, agb, patientIdIssuerOid, aeTitle, host, port, tls, stowRsUrl, email, phone, false, null);
    }

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9]\\d*))+");
    private static final Pattern AE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");

    /** What is wrong with this entry, field by field; empty when it is valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            p.add("key: lower-case letters, digits, '-' or '_', at most 64 (got '" + key + "')");
        }
        if (name == null || name.isBlank()) {
            p.add("name: required");
        }
        if (ura != null && !ura.isEmpty() && !EIGHT_DIGITS.matcher(ura).matches()) {
            p.add("ura: 8 digits (UZI register abonnee number)");
        }
        if (agb != null && !agb.isEmpty() && !EIGHT_DIGITS.matcher(agb).matches()) {
            p.add("agb: 8 digits");
        }
        if (patientIdIssuerOid != null && !patientIdIssuerOid.isEmpty() && !OID.matcher(patientIdIssuerOid).matches()) {
            p.add("patientIdIssuerOid: an OID such as 2.16.528.1.1007.3.3.1234567");
        }
        boolean dicom = aeTitle != null && !aeTitle.isEmpty();
        if (dicom && (!AE.matcher(aeTitle).matches() || aeTitle.isBlank())) {
            p.add("aeTitle: 1-16 characters of the default repertoire, no backslash (PS3.5 6.2 AE)");
        }
        if (dicom && (host == null || host.isBlank())) {
            p.add("host: required with an AE title");
        }
        if (dicom && (port < 1 || port > 65535)) {
            p.add("port: 1-65535");
        }
        if (stowRsUrl != null && !stowRsUrl.isEmpty() && !stowRsUrl.startsWith("https://") && !stowRsUrl.startsWith("http://")) {
            p.add("stowRsUrl: an http(s) URL");
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

    public Institution validated() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("institution '" + key + "' is not valid: " + String.join("; ", p));
        }
        return this;
    }
}
