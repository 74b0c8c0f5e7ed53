package nl.zorgbrug.compliance.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.classify.Verdict;

class ComplianceTallyTest {

    private static ObjectResult.Classified object(String study, Verdict v, String date, String modality, String pid,
                                                  Fix fix) {
        return new ObjectResult.Classified(study + "/" + v + pid, study, v, modality, date, pid, "1.2.3", fix, "");
    }

    @Test
    void aStudyIsCorrectOnlyWhenAllItsObjectsAre() {
        ComplianceTally t = new ComplianceTally();
        t.add(object("s1", Verdict.CORRECT, "20240101", "CT", "b1", Fix.NONE));
        t.add(object("s1", Verdict.CORRECT, "20240101", "CT", "b1", Fix.NONE));
        t.add(object("s2", Verdict.CORRECT, "20240101", "CT", "b2", Fix.NONE));
        t.add(object("s2", Verdict.NO_BSN, "20240101", "CT", "L2", Fix.EXPORT_SWAP));
        t.add(object("s2", Verdict.CORRECT, "20240101", "CT", "b2", Fix.NONE));

        ScanSummary s = t.summary(MpiBsn.none());

        assertThat(s.objectsByVerdict().get(Verdict.CORRECT)).isEqualTo(4);
        assertThat(s.objectsByVerdict().get(Verdict.NO_BSN)).isEqualTo(1);
        assertThat(s.studiesByVerdict().get(Verdict.CORRECT)).isEqualTo(1);
        assertThat(s.studiesByVerdict().get(Verdict.NO_BSN)).isEqualTo(1);
        assertThat(s.remediation()).singleElement().satisfies(r -> {
            assertThat(r.studyUid()).isEqualTo("s2");
            assertThat(r.objects()).isEqualTo(3);
            // The patient as the wrong object names it, though a correct object came first.
            assertThat(r.patientId()).isEqualTo("L2");
            assertThat(r.fix()).isEqualTo(Fix.EXPORT_SWAP);
        });
    }

    @Test
    void aWrongObjectOutweighsAnExemptOneAndAStudyOfOnlyExemptOnesIsExempt() {
        ComplianceTally t = new ComplianceTally();
        t.add(object("s1", Verdict.EXEMPT_NEWBORN, "20240101", "CT", "L1", Fix.NONE));
        t.add(object("s1", Verdict.INVALID_BSN, "20240101", "CT", "L1", Fix.PERSON));
        t.add(object("s2", Verdict.EXEMPT_RULE, "20240101", "CT", "T2", Fix.NONE));
        t.add(object("s2", Verdict.EXEMPT_NEWBORN, "20240101", "CT", "T2", Fix.NONE));
        t.add(object("s3", Verdict.CORRECT, "20240101", "CT", "b3", Fix.NONE));

        ScanSummary s = t.summary(MpiBsn.none());

        assertThat(s.studiesByVerdict().get(Verdict.INVALID_BSN)).isEqualTo(1);
        assertThat(s.studiesByVerdict().get(Verdict.EXEMPT_NEWBORN)).isEqualTo(1);
        Coverage all = s.overall();
        assertThat(all).isEqualTo(new Coverage(3, 1, 1));
        assertThat(all.correctShare()).isEqualTo(50.0);
    }

    @Test
    void aMissingOrMalformedStudyDateCountsUnderUnknownYear() {
        ComplianceTally t = new ComplianceTally();
        t.add(object("s1", Verdict.CORRECT, "", "CT", "b", Fix.NONE));
        t.add(object("s2", Verdict.CORRECT, "2019-05-01", "CT", "b", Fix.NONE));
        t.add(object("s3", Verdict.CORRECT, "20190230", "CT", "b", Fix.NONE));
        t.add(object("s4", Verdict.NO_BSN, "20190301", "", "L", Fix.PERSON));
        // A damaged date on the first object does not hide the study's year on the next.
        t.add(object("s5", Verdict.CORRECT, "2019", "MR", "b", Fix.NONE));
        t.add(object("s5", Verdict.CORRECT, "20180102", "MR", "b", Fix.NONE));

        ScanSummary s = t.summary(MpiBsn.none());

        assertThat(s.byYear()).containsOnlyKeys("2018", "2019", StudyYear.UNKNOWN);
        assertThat(s.byYear().get(StudyYear.UNKNOWN)).isEqualTo(new Coverage(3, 3, 0));
        assertThat(s.byYear().get("2019")).isEqualTo(new Coverage(1, 0, 0));
        assertThat(s.byModality().get(ScanSummary.UNKNOWN_MODALITY)).isEqualTo(new Coverage(1, 0, 0));
        assertThat(s.byYear().get("2019").correctShare()).isZero();
    }

    @Test
    void theRemediationListGetsTheBsnTheMpiKnowsAndAPersonWinsOverTheSwap() {
        ComplianceTally t = new ComplianceTally();
        t.add(object("s1", Verdict.NO_BSN, "20240101", "CT", "L1", Fix.EXPORT_SWAP));
        t.add(object("s1", Verdict.BSN_WITHOUT_ISSUER, "20240101", "CT", "L1", Fix.PERSON));
        t.add(new ObjectResult.Unreadable("x.txt", "not DICOM"));

        ScanSummary s = t.summary((pid, issuer) -> pid.equals("L1") ? Optional.of("900000028") : Optional.empty());

        assertThat(s.remediation()).singleElement().satisfies(r -> {
            assertThat(r.mpiBsn()).isEqualTo("900000028");
            assertThat(r.fix()).isEqualTo(Fix.PERSON);
            assertThat(r.verdict()).isEqualTo(Verdict.BSN_WITHOUT_ISSUER);
            assertThat(r.toString()).doesNotContain("900000028");
        });
        assertThat(s.unreadable()).extracting(ObjectResult.Unreadable::source).containsExactly("x.txt");
        assertThat(s.objects()).isEqualTo(2);
    }

    @Test
    void anEmptyScanHasNoShare() {
        ScanSummary s = new ComplianceTally().summary(MpiBsn.none());
        assertThat(s.studies()).isZero();
        assertThat(s.overall().correctShare()).isNaN();
        assertThat(s.objectsByVerdict()).hasSize(Verdict.values().length).containsValue(0L);
    }
}
