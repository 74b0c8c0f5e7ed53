package nl.zorgbrug.compliance;

import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_OTHER_IDS_SEQUENCE;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS;
import static nl.zorgbrug.bsn.classify.Verdict.BSN_WITHOUT_ISSUER;
import static nl.zorgbrug.bsn.classify.Verdict.CORRECT;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_NEWBORN;
import static nl.zorgbrug.bsn.classify.Verdict.EXEMPT_RULE;
import static nl.zorgbrug.bsn.classify.Verdict.INVALID_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.NO_BSN;
import static nl.zorgbrug.bsn.classify.Verdict.WRONG_ISSUER;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;

/**
 * Sixteen studies covering every verdict, with what the end-to-end tests expect of them written out by hand in the
 * tests (not computed from this list): 23 objects, a study mixing a correct and a wrong object, a malformed and a
 * missing study date, patients the MPI knows with a validated BSN, without one, and not at all.
 */
public final class ScanCorpus {
    /** One study: its objects' verdicts, and whether the MPI knows its patient (null: not at all). */
    public record Spec(VerdictCorpus.Study study, List<Verdict> objects, Boolean mpiBsn) {
    }

    public static final List<Spec> STUDIES = List.of(
            spec(1, "20240301", "CT", null, CORRECT, CORRECT),
            spec(2, "20240502", "MR", null, CORRECT, CORRECT),
            spec(3, "20230110", "CT", null, CORRECT, CORRECT),
            spec(4, "20230211", "CT", true, BSN_ONLY_IN_OTHER_IDS_SEQUENCE, BSN_ONLY_IN_OTHER_IDS_SEQUENCE),
            spec(5, "20220601", "US", true, BSN_ONLY_IN_OTHER_IDS_SEQUENCE, BSN_ONLY_IN_OTHER_IDS_SEQUENCE),
            spec(6, "20220315", "CR", null, BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS),
            spec(7, "20210101", "CT", true, BSN_WITHOUT_ISSUER, BSN_WITHOUT_ISSUER),
            spec(8, "20210202", "MR", null, WRONG_ISSUER),
            spec(9, "20200303", "CT", null, INVALID_BSN),
            spec(10, "20200404", "CT", true, NO_BSN),
            spec(11, "20241111", "DX", false, NO_BSN),
            spec(12, "20240707", "CT", null, EXEMPT_NEWBORN),
            spec(13, "20240808", "CT", null, EXEMPT_RULE),
            spec(14, "20230909", "CT", true, CORRECT, NO_BSN),
            spec(15, "2019-05", "CT", null, NO_BSN),
            spec(16, null, "MR", null, NO_BSN));

    private ScanCorpus() {
    }

    private static Spec spec(int n, String date, String modality, Boolean mpi, Verdict... objects) {
        return new Spec(VerdictCorpus.Study.of(n, n, date, modality), List.of(objects), mpi);
    }

    /** Every object's header, study by study. */
    public static List<DataSet> headers() {
        List<DataSet> out = new ArrayList<>();
        for (Spec s : STUDIES) {
            for (int i = 0; i < s.objects().size(); i++) {
                out.add(VerdictCorpus.header(s.objects().get(i), s.study(), s.study().uid() + ".1." + (i + 1)));
            }
        }
        return out;
    }

    /**
     * The tree: {@code study-NN/i.dcm}, plus a text file, a truncated DICOM file and a DICOMDIR-named file that the
     * walk leaves out.
     */
    public static void tree(Path root) throws IOException {
        for (Spec s : STUDIES) {
            String dir = String.format("study-%02d", s.study().patient());
            for (int i = 0; i < s.objects().size(); i++) {
                VerdictCorpus.write(root.resolve(dir).resolve((i + 1) + ".dcm"),
                        VerdictCorpus.header(s.objects().get(i), s.study(), s.study().uid() + ".1." + (i + 1)));
            }
        }
        Files.writeString(root.resolve("study-01").resolve("notes.txt"), "not an image\n");
        byte[] whole = Files.readAllBytes(root.resolve("study-02").resolve("1.dcm"));
        Files.write(root.resolve("study-02").resolve("truncated.dcm"), java.util.Arrays.copyOf(whole, 300));
        Files.writeString(root.resolve("DICOMDIR"), "an index, not an object\n");
    }

    /** The MPI of the corpus's patients that it knows. */
    public static Path mpi(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Spec s : STUDIES) {
            if (s.mpiBsn() != null) {
                rows.add(VerdictCorpus.mpiRow(s.study().patient(), s.mpiBsn()));
            }
        }
        return VerdictCorpus.mpi(file, rows);
    }
}
