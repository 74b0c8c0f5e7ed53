package nl.zorgbrug.transport.pkg;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The manifest.json of a study package (issue 21): who sends it to whom, which study of which patient, why, and
 * every DICOM file of the package with its size and SHA-256 (FIPS 180-4), so the receiver can verify the package
 * before it imports a single object.
 *
 * @param format         "zorgbrug-study-package/1"
 * @param sender         the sending institution (name and URA)
 * @param receiver       the receiving institution (name and URA, the address book's entry)
 * @param patientBsn     the BSN as it is in the objects after the export swap (Patient ID with the BSN issuer,
 *                       2.16.840.1.113883.2.4.6.3), or null when the package carries no BSN
 * @param referralReason the sender's referral reason, or null
 * @param remark         the sender's remark, or null
 * @param created        when the package was written, ISO 8601 UTC
 * @param files          every DICOM file, in the order written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageManifest(String format, Party sender, Party receiver, String studyInstanceUid,
                              String accessionNumber, String patientBsn, String referralReason, String remark,
                              String created, List<FileEntry> files) {
    public static final String FORMAT = "zorgbrug-study-package/1";
    public static final String NAME = "manifest.json";

    public PackageManifest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** An institution as the manifest names it: its name and URA (UZI register abonnee number). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Party(String name, String ura) {
    }

    /**
     * One DICOM file of the package.
     *
     * @param path   its name in the ZIP, e.g. DICOM/ST000001/SE000001/IM000001
     * @param size   its length in bytes
     * @param sha256 its SHA-256, lower-case hex
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long size, String sha256, String sopInstanceUid) {
    }

    /** The manifest without an accession number. */
    public PackageManifest withoutAccession() {
        return new PackageManifest(format, sender, receiver, studyInstanceUid, null, patientBsn, referralReason, remark,
                created, files);
    }

    /** The manifest with its files set. */
    public PackageManifest withFiles(List<FileEntry> entries) {
        return new PackageManifest(format, sender, receiver, studyInstanceUid, accessionNumber, patientBsn,
                referralReason, remark, created, entries);
    }
}
