package nl.zorgbrug.registry.source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.CXiAssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp.Precision;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.registry.model.RegistryPatient;

/**
 * The ITI-42 submission of one study's KOS manifest (issue 20 part 2, the Imaging Document Source; RAD TF-3
 * §4.68.4.1.2.3): one DocumentEntry for the KOS the gateway's {@link ManifestBuilder} wrote, in a SubmissionSet,
 * joined by HasMember. What the KOS says goes in as it says it: uniqueId its SOP Instance UID, referenceIdList its
 * Study Instance UID and its accession number with the issuer (IssuerOfAccessionNumberSequence; without an issuer
 * the accession is left out, since XDS-I.b's accession reference names its authority), serviceStartTime its study
 * date and time, sourcePatientId the local id and issuer, hash (SHA-1) and size of its bytes. What the KOS does not
 * say comes from the caller: the BSN (from the MPI; the KOS carries the local id), the modalities of the study
 * (the KOS lists SOP classes, not modalities), and the source's {@link Source} settings.
 */
public final class KosSubmission {
    /** RAD TF-3 Table 4.68.4.1.2.3-1: formatCode of a KOS manifest, in the DICOM UID registry's scheme. */
    public static final String KOS_FORMAT_SCHEME = "1.2.840.10008.2.6.1";
    /** PS3.16 DCM coding scheme (the modality codes of the eventCodeList). */
    public static final String DCM = "1.2.840.10008.2.16.4";
    static final String LOINC = "2.16.840.1.113883.6.1";

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");

    private KosSubmission() {
    }

    /**
     * What a source says of itself in every submission.
     *
     * @param sourceId           the SubmissionSet's sourceId (the source's OID)
     * @param repositoryUniqueId the repository that serves the KOS (the node itself as integrated source/repository)
     * @param homeCommunityId    {@code urn:oid:...} of the region's community (stored now for XCA-I later)
     * @param institution        the author institution: name and OID
     * @param institutionOid     the institution's OID
     * @param zone               the zone of the PACS's study dates and times (DICOM DA/TM carry none)
     * @param classCode          the DocumentEntry classCode for images (the region's value set)
     * @param confidentiality    confidentialityCode
     * @param facilityType       healthcareFacilityTypeCode
     * @param practiceSetting    practiceSettingCode
     */
    public record Source(String sourceId, String repositoryUniqueId, String homeCommunityId, String institution,
                         String institutionOid, ZoneId zone, Code classCode, Code confidentiality,
                         Code facilityType, Code practiceSetting) {
        public Source {
            Objects.requireNonNull(sourceId, "sourceId");
            Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
            Objects.requireNonNull(institution, "institution");
            Objects.requireNonNull(institutionOid, "institutionOid");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(classCode, "classCode");
            Objects.requireNonNull(confidentiality, "confidentiality");
            Objects.requireNonNull(facilityType, "facilityType");
            Objects.requireNonNull(practiceSetting, "practiceSetting");
        }
    }

    /**
     * @param kos        the KOS manifest's data set, as written by {@link ManifestBuilder}
     * @param kosBytes   its PS3.10 bytes, as the repository will serve them (hash and size)
     * @param bsn        the patient's BSN
     * @param modalities the study's modalities (PS3.3 C.7.3.1.1.1), e.g. CT, SR
     * @param now        the submission time
     */
    public static RegisterDocumentSet of(DataSet kos, byte[] kosBytes, Bsn bsn, Set<String> modalities, Source source,
                                         ZonedDateTime now) {
        if (!ManifestBuilder.KEY_OBJECT_SELECTION.equals(kos.getString(Tag.SOPClassUID))) {
            throw new IllegalArgumentException("object " + kos.getString(Tag.SOPInstanceUID) + " is no Key Object"
                    + " Selection Document (SOP class " + kos.getString(Tag.SOPClassUID) + "): only a KOS manifest is"
                    + " registered for a study");
        }
        requireXdsiManifest(kos);
        String study = require(kos, Tag.StudyInstanceUID, "StudyInstanceUID");
        Identifiable patient = RegistryPatient.of(bsn);

        DocumentEntry entry = new DocumentEntry();
        entry.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        entry.setUniqueId(require(kos, Tag.SOPInstanceUID, "SOPInstanceUID"));
        entry.setPatientId(patient);
        String localId = kos.getString(Tag.PatientID);
        String localIssuer = kos.getString(Tag.IssuerOfPatientID);
        if (localId != null && !localId.isBlank() && localIssuer != null && !localIssuer.isBlank()) {
            entry.setSourcePatientId(new Identifiable(localId, new AssigningAuthority(localIssuer)));
        }
        entry.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        entry.setClassCode(source.classCode());
        entry.setTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        entry.setFormatCode(new Code(ManifestBuilder.KEY_OBJECT_SELECTION,
                new LocalizedString("Key Object Selection Document"), KOS_FORMAT_SCHEME));
        entry.getConfidentialityCodes().add(source.confidentiality());
        entry.setHealthcareFacilityTypeCode(source.facilityType());
        entry.setPracticeSettingCode(source.practiceSetting());
        modalities.stream().sorted().forEach(m -> entry.getEventCodeList().add(new Code(m, new LocalizedString(m), DCM)));
        ZonedDateTime start = studyStart(kos, source.zone());
        if (start != null) {
            entry.setServiceStartTime(new Timestamp(start, Precision.SECOND));
        }
        entry.setCreationTime(new Timestamp(now, Precision.SECOND));
        entry.setMimeType("application/dicom");
        entry.setLanguageCode("nl-NL");
        entry.setHash(sha1(kosBytes));
        entry.setSize((long) kosBytes.length);
        entry.setRepositoryUniqueId(source.repositoryUniqueId());
        if (source.homeCommunityId() != null) {
            entry.setHomeCommunityId(source.homeCommunityId());
        }
        String description = kos.getString(Tag.StudyDescription);
        entry.setTitle(new LocalizedString(description == null || description.isBlank() ? "Manifest" : description,
                "nl-NL", "UTF-8"));
        entry.getReferenceIdList().add(new ReferenceId(study, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        accession(kos).ifPresent(entry.getReferenceIdList()::add);
        entry.getAuthors().add(author(source));

        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        // A submission per KOS: its uniqueId derives from the KOS's, so a resend after a lost answer is the same
        // submission (the registry answers it Success and stores nothing twice).
        set.setUniqueId("2.25." + new java.math.BigInteger(1, uuidBytes(UUID.nameUUIDFromBytes(
                ("xds-submission:" + entry.getUniqueId()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
        set.setSourceId(source.sourceId());
        set.setPatientId(patient);
        set.setSubmissionTime(new Timestamp(now, Precision.SECOND));
        set.setContentTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        set.getAuthors().add(author(source));

        Association member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                set.getEntryUuid(), entry.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getDocumentEntries().add(entry);
        request.getAssociations().add(member);
        return request;
    }

    /**
     * The submission of a replacement KOS (ITI TF-3 §4.1.6.1, RPLC): a study that got other instances after its KOS
     * was registered gets a new KOS of all its instances, registered as a new DocumentEntry (its own uniqueId, the new
     * KOS's SOP Instance UID; the same Study Instance UID and accession in its referenceIdList) with an RPLC
     * association from it to the replaced entry. The registry deprecates the replaced entry and gives the new one its
     * logicalUUID; a consumer that finds the study finds only the new entry among the Approved ones.
     *
     * @param replacedEntryUuid the entryUUID ({@code urn:uuid:...}) under which the replaced KOS was registered: the
     *                          registry resolves RPLC targets by entryUUID, not by uniqueId
     */
    public static RegisterDocumentSet replacing(DataSet kos, byte[] kosBytes, Bsn bsn, Set<String> modalities,
                                                Source source, ZonedDateTime now, String replacedEntryUuid) {
        if (replacedEntryUuid == null || !replacedEntryUuid.startsWith("urn:uuid:")) {
            throw new IllegalArgumentException("a replacement KOS names the entryUUID (urn:uuid:...) of the entry it"
                    + " replaces, not '" + replacedEntryUuid + "' (ITI TF-3 4.1.6.1)");
        }
        RegisterDocumentSet request = of(kos, kosBytes, bsn, modalities, source, now);
        DocumentEntry entry = request.getDocumentEntries().get(0);
        // ITI TF-3 §4.1.6.1: sourceObject the new entry, targetObject the replaced one; no SubmissionSetStatus slot
        // (that belongs to HasMember only).
        request.getAssociations().add(new Association(AssociationType.REPLACE, "urn:uuid:" + UUID.randomUUID(),
                entry.getEntryUuid(), replacedEntryUuid));
        return request;
    }

    /**
     * The classCode of a report in the region's value set of the KOS's default classCode (IMAGES / REPORTS, as the
     * Nictiz Beeldbeschikbaarheid profiles name them); a region that agreed another passes its own.
     */
    public static final Code REPORTS = new Code("REPORTS", new LocalizedString("Verslagen"),
            "2.16.840.1.113883.2.4.3.11.60.40.4.4");

    /**
     * Adds the study's report to the KOS's submission as a DocumentEntry of its own (Twiin "Afspraken
     * Beeldbeschikbaarheid"; issue 20 part 2): classCode {@code reportClass}, typeCode LOINC 18782-3 (radiology study
     * observation), the report's MIME type and XDS-SD formatCode, and the KOS's patient, sourcePatientId,
     * serviceStartTime, referenceIdList (Study Instance UID and accession with issuer: what ties it to the study),
     * modalities and source codes; a member of the same SubmissionSet. Called before the request is kept, so a resend
     * is the same submission.
     */
    public static RegisterDocumentSet withReport(RegisterDocumentSet request, ReportDocument report, Code reportClass,
                                                 ZonedDateTime now) {
        DocumentEntry kos = request.getDocumentEntries().stream()
                .filter(e -> ManifestBuilder.KEY_OBJECT_SELECTION.equals(e.getFormatCode().getCode())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a report joins the submission of its study's KOS;"
                        + " this submission has no KOS entry"));
        DocumentEntry entry = new DocumentEntry();
        entry.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        entry.setUniqueId(report.uniqueId());
        entry.setPatientId(kos.getPatientId());
        entry.setSourcePatientId(kos.getSourcePatientId());
        entry.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        entry.setClassCode(reportClass);
        entry.setTypeCode(new Code("18782-3", new LocalizedString("Radiology Study observation (narrative)"), LOINC));
        entry.setFormatCode(new Code(report.formatCode(), new LocalizedString(report.mimeType()),
                ReportDocument.FORMAT_SCHEME));
        entry.getConfidentialityCodes().addAll(kos.getConfidentialityCodes());
        entry.setHealthcareFacilityTypeCode(kos.getHealthcareFacilityTypeCode());
        entry.setPracticeSettingCode(kos.getPracticeSettingCode());
        entry.getEventCodeList().addAll(kos.getEventCodeList());
        entry.setServiceStartTime(kos.getServiceStartTime());
        entry.setCreationTime(new Timestamp(now, Precision.SECOND));
        entry.setMimeType(report.mimeType());
        entry.setLanguageCode("nl-NL");
        entry.setHash(sha1(report.bytes()));
        entry.setSize((long) report.bytes().length);
        entry.setRepositoryUniqueId(kos.getRepositoryUniqueId());
        entry.setHomeCommunityId(kos.getHomeCommunityId());
        entry.setTitle(new LocalizedString(report.title(), "nl-NL", "UTF-8"));
        entry.getReferenceIdList().addAll(kos.getReferenceIdList());
        entry.getAuthors().addAll(kos.getAuthors());
        Association member = new Association(AssociationType.HAS_MEMBER, "urn:uuid:" + UUID.randomUUID(),
                request.getSubmissionSet().getEntryUuid(), entry.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        request.getDocumentEntries().add(entry);
        request.getAssociations().add(member);
        return request;
    }

    private static Author author(Source source) {
        Author author = new Author();
        author.getAuthorInstitution().add(new Organization(source.institution(), source.institutionOid(), null));
        return author;
    }

    private static java.util.Optional<ReferenceId> accession(DataSet kos) {
        String accession = kos.getString(Tag.AccessionNumber);
        List<DataSet> issuers = kos.getSequence(Tag.IssuerOfAccessionNumberSequence);
        if (accession == null || accession.isBlank() || issuers == null || issuers.isEmpty()) {
            return java.util.Optional.empty();
        }
        String issuer = issuers.get(0).getString(Tag.UniversalEntityID);
        if (issuer == null || issuer.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ReferenceId(accession, new CXiAssigningAuthority(null, issuer, "ISO"),
                ReferenceId.ID_TYPE_CODE_ACCESSION));
    }

    /** StudyDate and StudyTime (hours, minutes, seconds; fractions dropped) in the PACS's zone; null without date. */
    static ZonedDateTime studyStart(DataSet kos, ZoneId zone) {
        String date = kos.getString(Tag.StudyDate);
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(date.strip(), DA);
            String time = kos.getString(Tag.StudyTime);
            LocalTime at = LocalTime.MIDNIGHT;
            if (time != null && time.strip().length() >= 2) {
                String t = time.strip();
                at = LocalTime.of(Integer.parseInt(t.substring(0, 2)),
                        t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0,
                        t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0);
            }
            return ZonedDateTime.of(day, at, zone);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("KOS " + kos.getString(Tag.SOPInstanceUID) + ": study date/time '"
                    + date + " " + kos.getString(Tag.StudyTime) + "' is not DICOM DA/TM (PS3.5 6.2): fix the study"
                    + " in the PACS", e);
        }
    }

    /**
     * RAD TF-3 §4.68.4.1.2.1: a KOS registered as a manifest is titled (113030, DCM, "Manifest") and names the
     * Retrieve Location UID of every series it references; a consumer cannot retrieve the instances otherwise.
     * {@link ManifestBuilder#buildXdsi} writes one; the delivery manifest ({@link ManifestBuilder#build}) is none.
     */
    static void requireXdsiManifest(DataSet kos) {
        List<DataSet> title = kos.getSequence(Tag.ConceptNameCodeSequence);
        boolean manifest = title != null && !title.isEmpty() && "113030".equals(title.get(0).getString(Tag.CodeValue))
                && "DCM".equals(title.get(0).getString(Tag.CodingSchemeDesignator));
        if (!manifest) {
            throw new IllegalArgumentException("KOS " + kos.getString(Tag.SOPInstanceUID) + " is not titled"
                    + " (113030, DCM, \"Manifest\") as an XDS-I.b manifest must be (RAD TF-3 4.68.4.1.2.1): build it with"
                    + " ManifestBuilder.buildXdsi, not the delivery manifest");
        }
        List<DataSet> evidence = kos.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence);
        for (DataSet studyItem : evidence == null ? List.<DataSet>of() : evidence) {
            List<DataSet> series = studyItem.getSequence(Tag.ReferencedSeriesSequence);
            for (DataSet s : series == null ? List.<DataSet>of() : series) {
                String location = s.getString(Tag.RetrieveLocationUID);
                if (location == null || location.isBlank()) {
                    throw new IllegalArgumentException("KOS " + kos.getString(Tag.SOPInstanceUID) + ": series "
                            + s.getString(Tag.SeriesInstanceUID) + " has no Retrieve Location UID (0040,E011)"
                            + " (RAD TF-3 4.68.4.1.2.1): a consumer could not retrieve it");
                }
            }
        }
    }

    private static String require(DataSet kos, int tag, String name) {
        String v = kos.getString(tag);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("KOS " + kos.getString(Tag.SOPInstanceUID) + " has no " + name
                    + ": it cannot be registered");
        }
        return v.strip();
    }

    private static String sha1(byte[] bytes) {
        try {
            // ITI TF-3 §4.2.3.2.9: the hash is SHA-1 of the document, in hex.
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which every Java platform must provide", e);
        }
    }

    private static byte[] uuidBytes(UUID uuid) {
        return java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
