package nl.zorgbrug.registry;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
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
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.registry.model.RegistryPatient;

/**
 * Generated XDS-I.b submissions: a KOS manifest of one study (RAD TF-3 §4.68.4.1.2.3) as a DocumentEntry with
 * its SubmissionSet and HasMember association, as an image source would register it. BSNs pass the 11-proof and
 * are test values; UIDs are 2.25 UUID-derived (PS3.5 B.2), so every run registers new ones.
 */
public final class TestSubmissions {
    /** The PS3.16 / DICOM coding scheme OIDs of RAD TF-3 Table 4.68.4.1.2.3-1. */
    public static final String DCM = "1.2.840.10008.2.16.4";
    public static final String LOINC = "2.16.840.1.113883.6.1";
    public static final String KOS_FORMAT = "1.2.840.10008.5.1.4.1.1.88.59";
    public static final String ACCESSION_ISSUER = "2.16.528.1.1007.99.1";
    public static final String REPOSITORY = "2.16.528.1.1007.99.2";
    public static final String HOME = "urn:oid:2.16.528.1.1007.99.3";

    private TestSubmissions() {
    }

    public static Bsn bsn(Random random) {
        while (true) {
            String candidate = String.valueOf(100_000_000 + random.nextInt(899_999_999));
            if (Bsn.isValid(candidate)) {
                return Bsn.parse(candidate);
            }
        }
    }

    public static String uid(Random random) {
        return "2.25." + new java.math.BigInteger(1, longBytes(random));
    }

    private static byte[] longBytes(Random random) {
        byte[] b = new byte[15];
        random.nextBytes(b);
        return b;
    }

    /** One study: what a KOS of it says, for the entry. */
    public record Study(String studyUid, String accession, String modality, ZonedDateTime start) {
        public static Study random(Random random, String modality) {
            return new Study(uid(random), "ACC" + (100000 + random.nextInt(900000)), modality,
                    ZonedDateTime.of(2020 + random.nextInt(6), 1 + random.nextInt(12), 1 + random.nextInt(28),
                            8 + random.nextInt(10), random.nextInt(60), 0, 0, ZoneOffset.UTC));
        }
    }

    /** A submission of one KOS DocumentEntry for the study, patient id the given one. */
    public static RegisterDocumentSet kos(Identifiable patientId, Study study, Random random) {
        DocumentEntry entry = kosEntry(patientId, study, random, "Document01");
        SubmissionSet set = submissionSet(patientId, random);
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getDocumentEntries().add(entry);
        request.getAssociations().add(member(set, entry, "Association01"));
        return request;
    }

    public static RegisterDocumentSet kos(Bsn bsn, Study study, Random random) {
        return kos(RegistryPatient.of(bsn), study, random);
    }

    /** A new KOS for the same study that replaces an entry already registered (RPLC, ITI TF-3 §4.1.6.1). */
    public static RegisterDocumentSet replacement(Bsn bsn, Study study, String replacedEntryUuid, Random random) {
        RegisterDocumentSet request = kos(bsn, study, random);
        Association rplc = new Association(AssociationType.REPLACE, "Association02",
                request.getDocumentEntries().get(0).getEntryUuid(), replacedEntryUuid);
        request.getAssociations().add(rplc);
        return request;
    }

    public static DocumentEntry kosEntry(Identifiable patientId, Study study, Random random, String symbolicId) {
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid(symbolicId);
        e.setUniqueId(uid(random));
        e.setPatientId(patientId);
        e.setSourcePatientId(new Identifiable("LOC" + random.nextInt(1_000_000), new AssigningAuthority("2.16.528.1.1007.99.4")));
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setClassCode(new Code("IMAGES", new LocalizedString("Beelden"), "2.16.840.1.113883.2.4.3.11.60.40.4.4"));
        e.setTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        e.setFormatCode(new Code(KOS_FORMAT, new LocalizedString("Key Object Selection Document"), "1.2.840.10008.2.6.1"));
        e.getConfidentialityCodes().add(new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"));
        e.setHealthcareFacilityTypeCode(new Code("Z3", new LocalizedString("Ziekenhuis"), "2.16.840.1.113883.2.4.15.1060"));
        e.setPracticeSettingCode(new Code("0362", new LocalizedString("Radiologie"), "2.16.840.1.113883.2.4.6.7"));
        e.getEventCodeList().add(new Code(study.modality(), new LocalizedString(study.modality()), DCM));
        e.setServiceStartTime(new Timestamp(study.start(), Precision.SECOND));
        e.setCreationTime(new Timestamp(study.start().plusHours(1), Precision.SECOND));
        e.setMimeType("application/dicom");
        e.setLanguageCode("nl-NL");
        e.setHash(String.format("%040x", new java.math.BigInteger(1, longBytes(random))).substring(0, 40));
        e.setSize(1000L + random.nextInt(100_000));
        e.setRepositoryUniqueId(REPOSITORY);
        e.setHomeCommunityId(HOME);
        e.setTitle(new LocalizedString("Manifest", "nl-NL", "UTF-8"));
        e.getReferenceIdList().add(new ReferenceId(study.studyUid(), null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        e.getReferenceIdList().add(new ReferenceId(study.accession(),
                new CXiAssigningAuthority(null, ACCESSION_ISSUER, "ISO"), ReferenceId.ID_TYPE_CODE_ACCESSION));
        Author author = new Author();
        author.getAuthorInstitution().add(new Organization("Ziekenhuis Test", ACCESSION_ISSUER, null));
        e.getAuthors().add(author);
        return e;
    }

    public static SubmissionSet submissionSet(Identifiable patientId, Random random) {
        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid("SubmissionSet01");
        set.setUniqueId(uid(random));
        set.setSourceId("2.16.528.1.1007.99.5");
        set.setPatientId(patientId);
        set.setSubmissionTime(new Timestamp(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .plusSeconds(random.nextInt(30_000_000)), Precision.SECOND));
        set.setContentTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        Author author = new Author();
        author.getAuthorInstitution().add(new Organization("Ziekenhuis Test", ACCESSION_ISSUER, null));
        set.getAuthors().add(author);
        return set;
    }

    public static Association member(SubmissionSet set, DocumentEntry entry, String id) {
        Association a = new Association(AssociationType.HAS_MEMBER, id, set.getEntryUuid(), entry.getEntryUuid());
        a.setLabel(AssociationLabel.ORIGINAL);
        return a;
    }

    public static List<String> ids(List<DocumentEntry> entries) {
        return entries.stream().map(DocumentEntry::getUniqueId).toList();
    }

    /**
     * The head of an instance of the own PACS's study {@code study}: series {@code study + series}, instance
     * {@code study + instance}, the local patient id with its issuer, study date and time, accession ACC-1.
     */
    public static nl.zorgbrug.dicom.data.DataSet ownPacsHead(String study, String series, String instance,
                                                             String sopClass, String modality, String patientId,
                                                             String issuer) {
        nl.zorgbrug.dicom.data.DataSet ds = new nl.zorgbrug.dicom.data.DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + instance);
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.StudyTime, VR.TM, "093015");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-1");
        ds.setString(Tag.Modality, VR.CS, modality);
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + series);
        return ds;
    }
}
