package nl.zorgbrug.compliance.scan;

import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_OTHER_IDS_SEQUENCE;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_WITHOUT_ISSUER;
import static nl.zorgbrug.bsn.classify.Verdict.CORRECT;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_NEWBORN;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_RULE;
import static nl.zorgbrug.bsn.classify.Verdict.INVALID_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.NO_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.WRONG_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.tally.Coverage;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.compliance.tally.RemediationEntry;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.StudyYear;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/** The folder scan end to end over the generated tree of {@link ScanCorpus}: exact counts per verdict. */
class FolderScanTest {

    /** What the corpus holds, counted by hand from its list: objects and studies per verdict. */
    static final Map<Verdict, Long> OBJECTS = Map.of(CORRECT, 7L, BSN_ONLY_IN_OTHER_IDS_SEQUENCE, 4L,
            BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS, 1L, BSN_WITHOUT_ISSUER, 2L, WRONG_ISSUER, 1L, INVALID_BSN, 1L,
            NO_BSN, 5L, EXEMPT_NEWBORN, 1L, EXEMPT_RULE, 1L);
    static final Map<Verdict, Long> STUDIES = Map.of(CORRECT, 3L, BSN_ONLY_IN_OTHER_IDS_SEQUENCE, 2L,
            BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS, 1L, BSN_WITHOUT_ISSUER, 1L, WRONG_ISSUER, 1L, INVALID_BSN, 1L,
            NO_BSN, 5L, EXEMPT_NEWBORN, 1L, EXEMPT_RULE, 1L);

    static void assertCorpusCounts(ScanSummary s) {
        assertThat(s.objectsByVerdict()).isEqualTo(OBJECTS);
        assertThat(s.studiesByVerdict()).isEqualTo(STUDIES);
        assertThat(s.byYear()).containsExactly(entry("2020", new Coverage(2, 0, 0)), entry("2021", new Coverage(2, 0, 0)),
                entry("2022", new Coverage(2, 0, 0)), entry("2023", new Coverage(3, 1, 0)),
                entry("2024", new Coverage(5, 2, 2)), entry(StudyYear.UNKNOWN, new Coverage(2, 0, 0)));
        assertThat(s.byModality().get("CT")).isEqualTo(new Coverage(10, 2, 2));
        assertThat(s.byModality().get("MR")).isEqualTo(new Coverage(3, 1, 0));
    }

    @Test
    void countsEveryVerdictOfTheTreeExactlyWithTheRemediationList(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("tree");
        ScanCorpus.tree(tree);
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.load(ScanCorpus.mpi(tmp.resolve("mpi.csv")));
        List<ScanProgress> progress = new ArrayList<>();

        FolderScan.Result r = Scans.folder(tree, tmp.resolve("scan.journal"), mpi, 2, 4, 0, progress::add).run();
        ScanSummary s = r.tally().summary(Scans.mpiBsn(mpi));

        assertCorpusCounts(s);
        assertThat(s.unreadable()).extracting(ObjectResult.Unreadable::source)
                .containsExactly("study-01/notes.txt", "study-02/truncated.dcm");
        assertThat(s.unreadable().get(0).reason()).startsWith("not DICOM");
        assertThat(r.files()).isEqualTo(25);
        assertThat(progress).last().satisfies(p -> {
            assertThat(p.done()).isEqualTo(25);
            assertThat(p.total()).isEqualTo(25);
        });
        // Eleven studies without a correct BSN: the swap fixes those whose patient the MPI knows with a validated
        // BSN (4, 5, 10 and the mixed 14), a person the rest.
        assertThat(s.remediation()).hasSize(11);
        assertThat(s.remediationByFix()).containsOnly(entry(Fix.EXPORT_SWAP, 4L), entry(Fix.PERSON, 7L));
        RemediationEntry mixed = byStudy(s, 14);
        assertThat(mixed.verdict()).isEqualTo(NO_BSN);
        assertThat(mixed.patientId()).isEqualTo(VerdictCorpus.localId(14));
        assertThat(mixed.mpiBsn()).isEqualTo(VerdictCorpus.bsn(14));
        assertThat(mixed.fix()).isEqualTo(Fix.EXPORT_SWAP);
        assertThat(byStudy(s, 11).fixReason()).startsWith("NO_BSN");
        assertThat(byStudy(s, 11).mpiBsn()).isEmpty();
        assertThat(byStudy(s, 7).fixReason()).startsWith("LOCAL_ISSUER_MISSING");
        assertThat(byStudy(s, 7).mpiBsn()).isEqualTo(VerdictCorpus.bsn(7));
        assertThat(byStudy(s, 6).fixReason()).startsWith("PATIENT_NOT_IN_MPI");
        assertThat(byStudy(s, 15).year()).isEqualTo(StudyYear.UNKNOWN);
        assertThat(Files.exists(tmp.resolve("scan.journal"))).as("a complete scan removes its journal").isFalse();
    }

    @Test
    void withoutAnMpiTheFixIsUnknown(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("tree");
        ScanCorpus.tree(tree);
        ScanSummary s = Scans.folder(tree, tmp.resolve("j"), null, 1, 100, 0, p -> { }).run().tally()
                .summary(Scans.mpiBsn(null));
        assertCorpusCounts(s);
        assertThat(s.remediationByFix()).containsOnly(entry(Fix.UNKNOWN_WITHOUT_MPI, 11L));
    }

    @Test
    void readsTheFilesADicomdirNames(@TempDir Path tmp) throws Exception {
        Path media = tmp.resolve("media");
        List<DataSet> headers = ScanCorpus.headers();
        List<DataSet> records = new ArrayList<>();
        DataSet dicomdir = new DataSet();
        for (int i = 0; i < headers.size(); i++) {
            VerdictCorpus.write(media.resolve("DICOM").resolve("IM" + i), headers.get(i));
            DataSet rec = DataSet.itemOf(dicomdir);
            rec.setString(Tag.DirectoryRecordType, VR.CS, "IMAGE");
            rec.setString(Tag.ReferencedFileID, VR.CS, "DICOM", "IM" + i);
            records.add(rec);
        }
        DataSet outside = DataSet.itemOf(dicomdir);
        outside.setString(Tag.DirectoryRecordType, VR.CS, "IMAGE");
        outside.setString(Tag.ReferencedFileID, VR.CS, "..", "ETC");
        records.add(outside);
        dicomdir.setSequence(Tag.DirectoryRecordSequence, records);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DataSet meta = FileMetaInformation.create("1.2.840.10008.1.3.10", "2.25.4711.99", ts, "TESTCORPUS");
        Part10Writer.write(new DicomFile(null, meta, dicomdir, ts, true), media.resolve("DICOMDIR"));

        ScanSummary s = Scans.folder(media.resolve("DICOMDIR"), tmp.resolve("j"), null, 2, 5, 0, p -> { }).run().tally()
                .summary(Scans.mpiBsn(null));

        assertCorpusCounts(s);
        assertThat(s.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.source()).isEqualTo("../ETC");
            assertThat(u.reason()).contains("does not name a file inside the File-set");
        });
    }

    private static RemediationEntry byStudy(ScanSummary s, int n) {
        return s.remediation().stream().filter(r -> r.studyUid().equals(VerdictCorpus.UID_ROOT + ".1." + n)).findFirst()
                .orElseThrow();
    }
}
