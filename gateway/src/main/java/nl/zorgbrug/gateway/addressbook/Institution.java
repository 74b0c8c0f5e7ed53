package nl.zorgbrug.gateway.addressbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An institution we exchange with (issue 5's address book): its identifiers in the Dutch registers
 * (URA: UZI register abonnee number, 8 digits; AGB code, 8 digits), the OID that issues its patient IDs,
 * where it takes deliveries, and whom to call.
 *
 * <p>{@code endpoints} lists where deliveries can go, the preferred first: the delivery uses the first
 * ({@link #endpoint()}). An entry of the address book's table, CSV and REST API has a DICOM AE and a
 * STOW-RS URL as columns; when it has both, DICOM comes first, as it always did.
 *
 * @param key short stable name used in routes and jobs, e.g. "umcx"
 */
public record Institution(String key, String name, String ura, String agb, String patientIdIssuerOid,
                          List<Endpoint> endpoints, String email, String phone) {

    public Institution {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * An entry from the address book's columns (table, CSV, form, REST): a DICOM endpoint when any of its
     * fields is set, then a STOW-RS endpoint when the URL is set.
     */
    public Institution(String key, String name, String ura, String agb, String patientIdIssuerOid,
                       String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                       String email, String phone, boolean storageCommitment, String certificateSubject) {
        this(key, name, ura, agb, patientIdIssuerOid, columns(aeTitle, host, port, tls, stowRsUrl, storageCommitment,
                certificateSubject), email, phone);
    }

    /** From the columns, without storage commitment and without a bound certificate subject. */
    public Institution(String key, String name, String ura, String agb, String patientIdIssuerOid,
                       String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                       String email, String phone) {
        this(key, name, ura, agb, patientIdIssuerOid, aeTitle, host, port, tls, stowRsUrl, email, phone, false, null);
    }

    private static List<Endpoint> columns(String aeTitle, String host, int port, boolean tls, String stowRsUrl,
                                          boolean storageCommitment, String certificateSubject) {
        List<Endpoint> out = new ArrayList<>();
        if (!empty(aeTitle) || !empty(host) || port != 0 || tls || storageCommitment || !empty(certificateSubject)) {
            out.add(new DicomEndpoint(empty(aeTitle) ? null : aeTitle, empty(host) ? null : host, port, tls,
                    storageCommitment, empty(certificateSubject) ? null : certificateSubject));
        }
        if (!empty(stowRsUrl)) {
            out.add(new StowRsEndpoint(stowRsUrl));
        }
        return out;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** Where deliveries go: the first endpoint. */
    public Optional<Endpoint> endpoint() {
        return endpoints.stream().findFirst();
    }

    /** The DICOM AE, whether or not deliveries use it (it also identifies the institution when it calls us). */
    public Optional<DicomEndpoint> dicom() {
        return endpoints.stream().filter(DicomEndpoint.class::isInstance).map(DicomEndpoint.class::cast).findFirst();
    }

    public Optional<StowRsEndpoint> stowRs() {
        return endpoints.stream().filter(StowRsEndpoint.class::isInstance).map(StowRsEndpoint.class::cast).findFirst();
    }

    // The address book's columns, read from the endpoints (table, CSV, form and REST keep this shape).

    public String aeTitle() {
        return dicom().map(DicomEndpoint::aeTitle).orElse(null);
    }

    public String host() {
        return dicom().map(DicomEndpoint::host).orElse(null);
    }

    public int port() {
        return dicom().map(DicomEndpoint::port).orElse(0);
    }

    public boolean tls() {
        return dicom().map(DicomEndpoint::tls).orElse(false);
    }

    public boolean storageCommitment() {
        return dicom().map(DicomEndpoint::storageCommitment).orElse(false);
    }

    public String certificateSubject() {
        return dicom().map(DicomEndpoint::certificateSubject).orElse(null);
    }

    public String stowRsUrl() {
        return stowRs().map(StowRsEndpoint::url).orElse(null);
    }

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("\\d{8}");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9]\\d*))+");

    /** What is wrong with this entry, field by field (its endpoints' problems too); empty when it is valid. */
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
        for (Endpoint e : endpoints) {
            p.addAll(e.problems());
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
