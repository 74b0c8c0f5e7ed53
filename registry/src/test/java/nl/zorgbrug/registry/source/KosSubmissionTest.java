package nl.zorgbrug.registry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.model.RegistryPatient;
import nl.zorgbrug.registry.service.AnswerConsent;
import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;
import nl.zorgbrug.registry.store.InMemoryMetadataStore;

/**
 * The source side's submission (issue 20 part 2): the KOS the gateway's ManifestBuilder writes for a study, as an
 * ITI-42 submission the registry takes and finds again by the Study Instance UID, with what the KOS says in it.
 */
class KosSubmissionTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final KosSubmission.Source SOURCE = new KosSubmission.Source("2.16.528.1.1007.99.5",
            TestSubmissions.REPOSITORY, TestSubmissions.HOME, "Ziekenhuis Test", LOCAL_ISSUER, AMSTERDAM,
            new Code("IMAGES", new LocalizedString("Beelden"), "2.16.840.1.113883.2.4.3.11.60.40.4.4"),
            new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"),
            new Code("Z3", new LocalizedString("Ziekenhuis"), "2.16.840.1.113883.2.4.15.1060"),
            new Code("0362", new LocalizedString("Radiologie"), "2.16.840.1.113883.2.4.6.7"));

    private final Random random = new Random(68);
    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final Registration registration = new Registration(store, RegistryEvents.NONE);
    private final StoredQueries queries = new StoredQueries(store, RegistryEvents.NONE, 100, AnswerConsent.EVERYONE);

    @Test
    void theGatewaysKosIsRegisteredAndFoundByItsStudyWithWhatItSays() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        DicomFile kos = kos(study, "ACC-68", LOCAL_ISSUER);
        byte[] bytes = bytes(kos);

        RegisterDocumentSet submission = KosSubmission.of(kos.dataSet(), bytes, bsn, Set.of("SR", "CT"), SOURCE,
                ZonedDateTime.of(2026, 12, 6, 11, 0, 0, 0, ZoneOffset.UTC));
        Response registered = registration.register(submission);

        assertThat(registered.getStatus()).as("%s", registered.getErrors()).isEqualTo(Status.SUCCESS);
        QueryResponse found = queries.query(byStudy(bsn, study));
        assertThat(found.getDocumentEntries()).singleElement().satisfies(e -> {
            assertThat(e.getUniqueId()).isEqualTo(kos.sopInstanceUid());
            assertThat(e.getPatientId()).isEqualTo(RegistryPatient.of(bsn));
            assertThat(e.getSourcePatientId().getId()).isEqualTo("PAT-0068");
            assertThat(e.getSourcePatientId().getAssigningAuthority().getUniversalId()).isEqualTo(LOCAL_ISSUER);
            assertThat(e.getReferenceIdList()).extracting(ReferenceId::getId).containsExactly(study, "ACC-68");
            assertThat(e.getReferenceIdList().get(1).getAssigningAuthority().getUniversalId()).isEqualTo(LOCAL_ISSUER);
            assertThat(e.getEventCodeList()).extracting(Code::getCode).containsExactly("CT", "SR");
            // 25 November 2026 09:30 in Amsterdam is 08:30 UTC (winter time).
            assertThat(e.getServiceStartTime().getDateTime().toInstant())
                    .isEqualTo(ZonedDateTime.of(2026, 11, 25, 8, 30, 15, 0, ZoneOffset.UTC).toInstant());
            assertThat(e.getMimeType()).isEqualTo("application/dicom");
            assertThat(e.getFormatCode().getCode()).isEqualTo(ManifestBuilder.KEY_OBJECT_SELECTION);
            assertThat(e.getSize()).isEqualTo(bytes.length);
            assertThat(e.getHash()).hasSize(40);
            assertThat(e.getRepositoryUniqueId()).isEqualTo(TestSubmissions.REPOSITORY);
        });
    }

    @Test
    void theSameKosIsOneSubmissionSoASecondBuildIsRefusedNotStoredTwice() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        DicomFile kos = kos(study, "ACC-69", LOCAL_ISSUER);
        byte[] bytes = bytes(kos);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        RegisterDocumentSet first = KosSubmission.of(kos.dataSet(), bytes, bsn, Set.of("CT"), SOURCE, now);
        RegisterDocumentSet again = KosSubmission.of(kos.dataSet(), bytes, bsn, Set.of("CT"), SOURCE, now);

        assertThat(again.getSubmissionSet().getUniqueId()).isEqualTo(first.getSubmissionSet().getUniqueId());
        assertThat(registration.register(first).getStatus()).isEqualTo(Status.SUCCESS);
        Response rebuilt = registration.register(again);
        assertThat(rebuilt.getErrors()).extracting(i -> i.getErrorCode())
                .contains(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY);
        assertThat(queries.query(byStudy(bsn, study)).getDocumentEntries()).hasSize(1);
    }

    @Test
    void anAccessionWithoutIssuerIsLeftOutAndAnotherObjectOrTheDeliveryManifestIsRefused() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        DicomFile kos = kos(TestSubmissions.uid(random), "ACC-70", null);
        RegisterDocumentSet submission = KosSubmission.of(kos.dataSet(), bytes(kos), bsn, Set.of("MR"), SOURCE,
                ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(submission.getDocumentEntries().get(0).getReferenceIdList()).extracting(ReferenceId::getIdTypeCode)
                .containsExactly(ReferenceId.ID_TYPE_STUDY_INSTANCE_ID);

        String study = TestSubmissions.uid(random);
        DicomFile delivery = ManifestBuilder.build(source(study, "ACC-72", null), new StudyManifest(study + ".99",
                study, null, null, List.of(new StudyManifest.Reference(study + ".1", CT, study + ".1.1"))),
                study + ".98", LocalDateTime.of(2026, 11, 25, 10, 0), "ZORGBRUG");
        assertThatThrownBy(() -> KosSubmission.of(delivery.dataSet(), bytes(delivery), bsn, Set.of("CT"), SOURCE,
                ZonedDateTime.now(ZoneOffset.UTC))).as("the delivery manifest").hasMessageContaining("113030");

        DataSet ct = source(TestSubmissions.uid(random), "ACC-71", null);
        assertThatThrownBy(() -> KosSubmission.of(ct, new byte[10], bsn, Set.of("CT"), SOURCE,
                ZonedDateTime.now(ZoneOffset.UTC))).hasMessageContaining("no Key Object Selection Document");
    }

    @Test
    void aReplacementIsANewEntryOfTheSameStudyWithAnRplcToTheReplacedEntrysUuid() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        DicomFile first = kos(study, "ACC-73", LOCAL_ISSUER);
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 6, 11, 0, 0, 0, ZoneOffset.UTC);
        RegisterDocumentSet original = KosSubmission.of(first.dataSet(), bytes(first), bsn, Set.of("CT"), SOURCE, now);
        DocumentEntry replaced = original.getDocumentEntries().get(0);
        DicomFile second = kos(study, "ACC-73", LOCAL_ISSUER, study + ".97", 3);

        RegisterDocumentSet replacement = KosSubmission.replacing(second.dataSet(), bytes(second), bsn,
                Set.of("CT"), SOURCE, now.plusHours(2), replaced.getEntryUuid());

        DocumentEntry entry = replacement.getDocumentEntries().get(0);
        assertThat(entry.getUniqueId()).as("the new KOS's own uniqueId").isEqualTo(study + ".97")
                .isNotEqualTo(replaced.getUniqueId());
        assertThat(entry.getEntryUuid()).startsWith("urn:uuid:").isNotEqualTo(replaced.getEntryUuid());
        assertThat(entry.getReferenceIdList()).as("the same study and accession")
                .extracting(ReferenceId::getId, ReferenceId::getIdTypeCode)
                .containsExactlyElementsOf(replaced.getReferenceIdList().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.getId(), r.getIdTypeCode())).toList());
        assertThat(replacement.getSubmissionSet().getUniqueId())
                .isNotEqualTo(original.getSubmissionSet().getUniqueId());
        assertThat(replacement.getAssociations()).extracting(a -> a.getAssociationType(), a -> a.getSourceUuid(),
                a -> a.getTargetUuid()).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(AssociationType.HAS_MEMBER,
                        replacement.getSubmissionSet().getEntryUuid(), entry.getEntryUuid()),
                org.assertj.core.groups.Tuple.tuple(AssociationType.REPLACE, entry.getEntryUuid(),
                        replaced.getEntryUuid()));
        assertThatThrownBy(() -> KosSubmission.replacing(second.dataSet(), bytes(second), bsn, Set.of("CT"), SOURCE,
                now, replaced.getUniqueId())).as("a uniqueId is no entryUUID").hasMessageContaining("entryUUID");

        // Our registry takes both and keeps only the replacement Approved for the study.
        assertThat(registration.register(original).getStatus()).isEqualTo(Status.SUCCESS);
        Response answer = registration.register(replacement);
        assertThat(answer.getStatus()).as("%s", answer.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(queries.query(byStudy(bsn, study)).getDocumentEntries()).extracting(DocumentEntry::getUniqueId)
                .containsExactly(study + ".97");
    }

    @Test
    void theReportIsItsOwnEntryInTheKossSubmissionTiedToTheStudyByItsReferenceIdList() throws Exception {
        Bsn bsn = TestSubmissions.bsn(random);
        String study = TestSubmissions.uid(random);
        DicomFile kos = kos(study, "ACC-74", LOCAL_ISSUER);
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 6, 11, 0, 0, 0, ZoneOffset.UTC);
        ReportDocument report = ReportDocument.of(sr(study + ".3.1")).orElseThrow();
        assertThat(report.mimeType()).isEqualTo("text/plain");
        assertThat(new String(report.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Bevindingen", "Geen afwijkingen aan de longen.", "Conclusie", "Normale CT thorax.");

        RegisterDocumentSet submission = KosSubmission.withReport(KosSubmission.of(kos.dataSet(), bytes(kos), bsn,
                Set.of("CT", "SR"), SOURCE, now), report, KosSubmission.REPORTS, now);
        Response answer = registration.register(submission);
        assertThat(answer.getStatus()).as("%s", answer.getErrors()).isEqualTo(Status.SUCCESS);

        List<DocumentEntry> found = queries.query(byStudy(bsn, study)).getDocumentEntries();
        assertThat(found).extracting(e -> e.getClassCode().getCode()).containsExactlyInAnyOrder("IMAGES", "REPORTS");
        DocumentEntry kosEntry = found.stream().filter(e -> e.getClassCode().getCode().equals("IMAGES")).findFirst()
                .orElseThrow();
        DocumentEntry reportEntry = found.stream().filter(e -> e.getClassCode().getCode().equals("REPORTS"))
                .findFirst().orElseThrow();
        assertThat(reportEntry.getUniqueId()).isEqualTo(study + ".3.1");
        assertThat(reportEntry.getMimeType()).isEqualTo("text/plain");
        assertThat(reportEntry.getFormatCode().getCode()).isEqualTo(ReportDocument.TEXT);
        assertThat(reportEntry.getReferenceIdList()).extracting(ReferenceId::getId).containsExactly(study, "ACC-74");
        assertThat(reportEntry.getReferenceIdList()).isEqualTo(kosEntry.getReferenceIdList());
        assertThat(reportEntry.getSize()).isEqualTo(report.bytes().length);
        assertThat(submission.getAssociations()).as("both members of the one SubmissionSet")
                .allSatisfy(a -> assertThat(a.getSourceUuid()).isEqualTo(submission.getSubmissionSet().getEntryUuid()))
                .extracting(a -> a.getTargetUuid()).containsExactlyInAnyOrder(
                        submission.getDocumentEntries().get(0).getEntryUuid(),
                        submission.getDocumentEntries().get(1).getEntryUuid());
    }

    @Test
    void aReportIsAnEncapsulatedPdfOrAnSrWithTextAndNeitherTheKosNorAnImage() {
        String study = TestSubmissions.uid(random);
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        DataSet encapsulated = new DataSet();
        encapsulated.setString(Tag.SOPClassUID, VR.UI, ReportDocument.ENCAPSULATED_PDF);
        encapsulated.setString(Tag.SOPInstanceUID, VR.UI, study + ".4.1");
        encapsulated.setString(Tag.DocumentTitle, VR.ST, "Verslag CT thorax");
        encapsulated.setString(Tag.MIMETypeOfEncapsulatedDocument, VR.LO, "application/pdf");
        encapsulated.setBytes(Tag.EncapsulatedDocument, VR.OB, pdf);
        assertThat(ReportDocument.of(encapsulated)).get().satisfies(r -> {
            assertThat(r.mimeType()).isEqualTo("application/pdf");
            assertThat(r.formatCode()).isEqualTo(ReportDocument.PDF);
            assertThat(r.title()).isEqualTo("Verslag CT thorax");
            assertThat(r.bytes()).isEqualTo(pdf);
        });
        assertThat(ReportDocument.of(kos(study, "ACC-75", LOCAL_ISSUER).dataSet())).as("the KOS").isEmpty();
        assertThat(ReportDocument.of(source(study, "ACC-75", LOCAL_ISSUER))).as("a CT image").isEmpty();
        DataSet empty = sr(study + ".3.2");
        empty.setSequence(Tag.ContentSequence, List.of());
        assertThat(ReportDocument.of(empty)).as("an SR without text").isEmpty();
    }

    /** A Basic Text SR: title, a findings container with text, a conclusion as a coded item. */
    private static DataSet sr(String uid) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.88.11");
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        ds.setSequence(Tag.ConceptNameCodeSequence, List.of(code(ds, "18748-4", "Verslag CT thorax")));
        DataSet findings = DataSet.itemOf(ds);
        findings.setString(Tag.ValueType, VR.CS, "CONTAINER");
        findings.setSequence(Tag.ConceptNameCodeSequence, List.of(code(findings, "121070", "Bevindingen")));
        DataSet text = DataSet.itemOf(findings);
        text.setString(Tag.ValueType, VR.CS, "TEXT");
        text.setSequence(Tag.ConceptNameCodeSequence, List.of(code(text, "121071", "Bevinding")));
        text.setString(Tag.TextValue, VR.UT, "Geen afwijkingen aan de longen.");
        findings.setSequence(Tag.ContentSequence, List.of(text));
        DataSet conclusion = DataSet.itemOf(ds);
        conclusion.setString(Tag.ValueType, VR.CS, "CODE");
        conclusion.setSequence(Tag.ConceptNameCodeSequence, List.of(code(conclusion, "121077", "Conclusie")));
        conclusion.setSequence(Tag.ConceptCodeSequence, List.of(code(conclusion, "17621005", "Normale CT thorax.")));
        ds.setSequence(Tag.ContentSequence, List.of(findings, conclusion));
        return ds;
    }

    private static DataSet code(DataSet parent, String value, String meaning) {
        DataSet c = DataSet.itemOf(parent);
        c.setString(Tag.CodeValue, VR.SH, value);
        c.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        c.setString(Tag.CodeMeaning, VR.LO, meaning);
        return c;
    }

    private static DicomFile kos(String study, String accession, String accessionIssuer) {
        return kos(study, accession, accessionIssuer, study + ".99", 2);
    }

    private static DicomFile kos(String study, String accession, String accessionIssuer, String uid, int instances) {
        DataSet head = source(study, accession, accessionIssuer);
        List<StudyManifest.Reference> references = new java.util.ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            references.add(new StudyManifest.Reference(study + ".1", CT, study + ".1." + i));
        }
        StudyManifest manifest = new StudyManifest(uid, study, null, null, references);
        return ManifestBuilder.buildXdsi(head, manifest, uid + ".1", LocalDateTime.of(2026, 11, 25, 10, 0),
                "ZORGBRUG", TestSubmissions.REPOSITORY);
    }

    /** A CT head of the own PACS: local patient id with issuer, study date and time. */
    private static DataSet source(String study, String accession, String accessionIssuer) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.StudyTime, VR.TM, "093015.250");
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        if (accessionIssuer != null) {
            DataSet issuer = DataSet.itemOf(ds);
            issuer.setString(Tag.UniversalEntityID, VR.UT, accessionIssuer);
            issuer.setString(Tag.UniversalEntityIDType, VR.CS, "ISO");
            ds.setSequence(Tag.IssuerOfAccessionNumberSequence, List.of(issuer));
        }
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, "PAT-0068");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
        return ds;
    }

    private static byte[] bytes(DicomFile kos) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(kos, out);
        return out.toByteArray();
    }

    private static QueryRegistry byStudy(Bsn bsn, String study) {
        FindDocumentsByReferenceIdQuery q = new FindDocumentsByReferenceIdQuery();
        q.setPatientId(RegistryPatient.of(bsn));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        q.setTypedReferenceIds(new QueryList<>(new ReferenceId(study, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        QueryRegistry request = new QueryRegistry(q);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        return request;
    }
}
