package nl.zorgbrug.compliance.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;

class SenderDigestsTest {
    /** A test BSN (passes the 11-proof). */
    private static final String BSN = "999911120";
    private static final Instant T = Instant.parse("2026-11-30T08:15:00Z");
    private static final Period WEEK = new Period(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 6));

    private static MeasuredObject object(String institution, String study, Verdict v, boolean urgent) {
        return new MeasuredObject(Direction.IMPORT, study, study + ".1", "import", institution, "AE", "CT",
                LocalDate.of(2026, 11, 28), T, v, urgent, false,
                List.of(new Evidence("(0010,0020)", Bsn.mask(BSN), "passes the 11-proof but has no issuer")));
    }

    @Test
    void oneDigestPerSenderWithTheStudiesThatCountAndWereWrong() {
        Measurement m = Measurement.of(List.of(
                object("umcx", "2.25.1", Verdict.CORRECT, false),
                object("umcx", "2.25.2", Verdict.BSN_WITHOUT_ISSUER, false),
                object("umcx", "2.25.3", Verdict.NO_BSN, true),
                object("ziekenhuis-y", "2.25.4", Verdict.CORRECT, false),
                object(null, "2.25.5", Verdict.NO_BSN, false),
                new MeasuredObject(Direction.EXPORT, "2.25.6", "2.25.6.1", "export", "umcx", "AE", "CT", null, T,
                        Verdict.NO_BSN, false, false, List.of())), List.of());
        Institution umcx = new Institution("umcx", "UMC X", null, null, null, null, null, 0, false, null,
                "pacs-beheer@umcx.test", null);

        List<Digest> digests = SenderDigests.of(m, WEEK, key -> key.equals("umcx") ? Optional.of(umcx) : Optional.empty());

        assertThat(digests).hasSize(1);
        Digest d = digests.get(0);
        assertThat(d.institution()).isEqualTo("umcx");
        assertThat(d.contact()).isEqualTo("pacs-beheer@umcx.test");
        assertThat(d.lines()).extracting(Digest.Line::studyInstanceUid).containsExactly("2.25.2");
        String body = DigestText.body(d, "Ziekenhuis Zorgbrug");
        assertThat(body).contains("1. onderzoeksdatum 2026-11-28, modaliteit CT, ontvangen 30-11-2026 09:15")
                .contains("zonder uitgever").contains(Bsn.mask(BSN)).contains("2.16.840.1.113883.2.4.6.3")
                .contains("ontvingen wij 3 onderzoeken van u; 1 terecht zonder BSN (uitgezonderd); van de 2 die tellen waren er 1 correct (50,0%)")
                .contains("Dit onderzoek had het BSN niet op de juiste plaats").doesNotContain(BSN);
        assertThat(DigestText.subject(d, "Ziekenhuis Zorgbrug"))
                .isEqualTo("BSN in DICOM: terugkoppeling van Ziekenhuis Zorgbrug over week 2026-W49 (30-11-2026 t/m"
                        + " 6-12-2026) (UMC X)");
    }

    @Test
    void aPeriodWithoutWrongStudiesHasNoDigest() {
        Measurement m = Measurement.of(List.of(object("umcx", "2.25.1", Verdict.CORRECT, false)), List.of());
        assertThat(SenderDigests.of(m, WEEK, key -> Optional.empty())).isEmpty();
        assertThat(SenderDigests.of(Measurement.of(List.of(), List.of()), WEEK, key -> Optional.empty())).isEmpty();
    }

    /**
     * What a digest's text carries (issue 17): no patient — no Patient ID, BSN or name whole, whatever the objects held
     * (here classified from real headers: a BSN without issuer, a local number, a name) — but the wrong studies by
     * Study Instance UID, which lead to the patients in the sender's PACS; so the node records its sending naming
     * those studies' patients (ComplianceNodeTest), and {@link DigestText#studies} reads them back from a kept text.
     */
    @Test
    void theTextNamesTheWrongStudiesButNoPatientIdBsnOrName() {
        nl.zorgbrug.bsn.classify.BsnClassifier classifier = new nl.zorgbrug.bsn.classify.BsnClassifier(
                nl.zorgbrug.bsn.classify.ExemptionRules.none());
        java.util.List<MeasuredObject> objects = new java.util.ArrayList<>();
        String[][] headers = {{"2.25.71", BSN, null, "Jansen^Pieternella"}, {"2.25.72", "LOC-778899", "2.16.528.1.1007.99.8",
                "Bakker^Hendrikus"}, {"2.25.73", "123456782", "1.2.3.4.5", "Visser^Geertruida"}};
        for (String[] h : headers) {
            nl.zorgbrug.dicom.data.DataSet ds = new nl.zorgbrug.dicom.data.DataSet();
            ds.setString(nl.zorgbrug.dicom.data.Tag.PatientID, nl.zorgbrug.dicom.data.VR.LO, h[1]);
            if (h[2] != null) {
                ds.setString(nl.zorgbrug.dicom.data.Tag.IssuerOfPatientID, nl.zorgbrug.dicom.data.VR.LO, h[2]);
            }
            ds.setString(nl.zorgbrug.dicom.data.Tag.PatientName, nl.zorgbrug.dicom.data.VR.PN, h[3]);
            ds.setString(nl.zorgbrug.dicom.data.Tag.PatientBirthDate, nl.zorgbrug.dicom.data.VR.DA, "19811231");
            ds.setString(nl.zorgbrug.dicom.data.Tag.StudyDate, nl.zorgbrug.dicom.data.VR.DA, "20261128");
            nl.zorgbrug.bsn.classify.Classification c = classifier.classify(ds);
            assertThat(c.verdict()).as(h[0]).isNotEqualTo(Verdict.CORRECT);
            objects.add(new MeasuredObject(Direction.IMPORT, h[0], h[0] + ".1", "import", "umcx", "AE", "MR",
                    LocalDate.of(2026, 11, 28), T, c.verdict(), false, false, c.evidence()));
        }
        List<Digest> digests = SenderDigests.of(Measurement.of(objects, List.of()), WEEK, key -> Optional.empty());
        assertThat(digests).hasSize(1);
        String body = DigestText.body(digests.get(0), "Ziekenhuis Zorgbrug");
        String subject = DigestText.subject(digests.get(0), "Ziekenhuis Zorgbrug");
        for (String[] h : headers) {
            assertThat(body + subject).as("the text names the study " + h[0]).contains(h[0]);
            for (String identifying : List.of(h[1], h[3], h[3].substring(0, h[3].indexOf('^')),
                    h[3].substring(h[3].indexOf('^') + 1))) {
                assertThat(body + subject).as("no patient data whole: " + identifying).doesNotContain(identifying);
            }
        }
        assertThat(DigestText.studies(body)).containsExactlyInAnyOrder("2.25.71", "2.25.72", "2.25.73");
        assertThat(DigestText.studies(body.replace("\n", "\r\n"))).hasSize(3);
        assertThat(DigestText.studies("no digest")).isEmpty();
    }
}
