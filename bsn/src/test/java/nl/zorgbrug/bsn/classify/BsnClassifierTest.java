package nl.zorgbrug.bsn.classify;

import static nl.zorgbrug.bsn.TestHeaders.BSN_A;
import static nl.zorgbrug.bsn.TestHeaders.LOCAL_ISSUER;
import static nl.zorgbrug.bsn.TestHeaders.NOT_A_BSN;
import static nl.zorgbrug.bsn.TestHeaders.OTHER_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.TestHeaders;
import nl.zorgbrug.dicom.data.DataSet;

class BsnClassifierTest {
    static final String TEMP_ISSUER = "2.16.528.1.1007.99.9";
    final BsnClassifier classifier = new BsnClassifier(new ExemptionRules(Set.of(LOCAL_ISSUER), Set.of(TEMP_ISSUER),
            List.of(Pattern.compile("^ONBEKEND"))));

    Classification classify(TestHeaders h) {
        return classifier.classify(h.build());
    }

    static void assertNoWholeId(Classification c, String id) {
        assertThat(c.evidence().toString()).doesNotContain(id);
    }

    @Test
    void correctWithTheBsnOidInTheIssuer() {
        Classification c = classify(TestHeaders.local("L1").id(BSN_A, Bsn.ISSUER_OID));
        assertThat(c.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(c.evidence().toString()).contains("(0010,0021)=" + Bsn.ISSUER_OID).contains("*****1120");
        assertNoWholeId(c, BSN_A);
    }

    @Test
    void correctWithTheIssuerOnlyInTheQualifiersAndTheEvidenceSaysSo() {
        Classification c = classify(TestHeaders.local("L1").id(BSN_A, null).qualifiers(Bsn.ISSUER_OID, "ISO"));
        assertThat(c.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(c.evidence().get(0).tag()).isEqualTo("(0010,0024)>(0040,0032)");
        assertThat(c.evidence().get(0).note()).contains("only in the Issuer of Patient ID Qualifiers Sequence");
    }

    @Test
    void bsnOnlyInTheOtherIdsSequence() {
        Classification c = classify(TestHeaders.local("L1").otherId(BSN_A, Bsn.ISSUER_OID));
        assertThat(c.verdict()).isEqualTo(Verdict.BSN_ONLY_IN_OTHER_IDS_SEQUENCE);
        assertThat(c.evidence().get(0).tag()).isEqualTo("(0010,1002)[1]>(0010,0020)");
        assertNoWholeId(c, BSN_A);
    }

    @Test
    void bsnOnlyInTheRetiredOtherPatientIds() {
        Classification c = classify(TestHeaders.local("L1").retiredOtherIds("X1", BSN_A));
        assertThat(c.verdict()).isEqualTo(Verdict.BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS);
        assertThat(c.evidence().get(0).tag()).isEqualTo("(0010,1000)[2]");
        assertNoWholeId(c, BSN_A);
    }

    @Test
    void bsnWithoutIssuer() {
        assertThat(classify(TestHeaders.local("L1").id(BSN_A, null)).verdict()).isEqualTo(Verdict.BSN_WITHOUT_ISSUER);
        assertThat(classify(TestHeaders.local("L1").otherId(BSN_A, null)).verdict()).isEqualTo(Verdict.BSN_WITHOUT_ISSUER);
    }

    @Test
    void wrongIssuer() {
        Classification c = classify(TestHeaders.local("L1").id(BSN_A, OTHER_ISSUER));
        assertThat(c.verdict()).isEqualTo(Verdict.WRONG_ISSUER);
        assertThat(c.evidence().toString()).contains(OTHER_ISSUER);
        // Issuer and qualifiers that contradict each other are a wrong issuer too.
        assertThat(classify(TestHeaders.local("L1").id(BSN_A, Bsn.ISSUER_OID).qualifiers(OTHER_ISSUER, "ISO"))
                .verdict()).isEqualTo(Verdict.WRONG_ISSUER);
    }

    @Test
    void aLocalNumberThatPassesTheElevenProofIsNotABsn() {
        assertThat(classify(TestHeaders.local(BSN_A)).verdict()).isEqualTo(Verdict.NO_BSN);
    }

    @Test
    void invalidBsn() {
        assertThat(classify(TestHeaders.local("L1").id(NOT_A_BSN, Bsn.ISSUER_OID)).verdict()).isEqualTo(Verdict.INVALID_BSN);
        assertThat(classify(TestHeaders.local("L1").otherId("12345", Bsn.ISSUER_OID)).verdict()).isEqualTo(Verdict.INVALID_BSN);
    }

    @Test
    void noBsn() {
        Classification c = classify(TestHeaders.local("L1").studyDate("20261101"));
        assertThat(c.verdict()).isEqualTo(Verdict.NO_BSN);
        assertThat(c.verdict().exempt()).isFalse();
    }

    @Test
    void exemptNewbornUpToTwentyEightDays() {
        Classification c = classify(TestHeaders.local("L1").birthDate("20261001").studyDate("20261029"));
        assertThat(c.verdict()).isEqualTo(Verdict.EXEMPT_NEWBORN);
        assertThat(c.evidence().toString()).contains("28 days old").doesNotContain("20261001");
        assertThat(classify(TestHeaders.local("L1").birthDate("20261001").studyDate("20261030")).verdict())
                .isEqualTo(Verdict.NO_BSN);
    }

    @Test
    void exemptByTemporaryIssuerOrNamePattern() {
        assertThat(classify(TestHeaders.local("T1").id("T1", TEMP_ISSUER)).verdict()).isEqualTo(Verdict.EXEMPT_RULE);
        Classification byName = classify(TestHeaders.local("L1").name("ONBEKEND^MAN 23"));
        assertThat(byName.verdict()).isEqualTo(Verdict.EXEMPT_RULE);
        assertThat(byName.evidence().toString()).contains("^ONBEKEND").doesNotContain("MAN 23");
    }

    @Test
    void aBsnBeatsAnExemption() {
        DataSet newbornWithBsn = TestHeaders.local("L1").birthDate("20261001").studyDate("20261002")
                .id(BSN_A, Bsn.ISSUER_OID).build();
        assertThat(classifier.classify(newbornWithBsn).verdict()).isEqualTo(Verdict.CORRECT);
    }
}
