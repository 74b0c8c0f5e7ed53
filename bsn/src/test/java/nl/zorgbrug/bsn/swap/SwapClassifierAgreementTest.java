package nl.zorgbrug.bsn.swap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import nl.zorgbrug.bsn.TestHeaders;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.Classification;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * The classifier and the swaps read the guideline the same way: whatever export writes is CORRECT, and
 * only a CORRECT object is ever imported with edits. Evidence never shows a whole identifier.
 */
class SwapClassifierAgreementTest {
    final BsnClassifier classifier = new BsnClassifier(new ExemptionRules(Set.of(TestHeaders.LOCAL_ISSUER), Set.of(), List.of()));

    @Provide
    Arbitrary<SwapPropertiesTest.Case> anyCase() {
        return new SwapPropertiesTest().anyCase();
    }

    @Property(tries = 300)
    void exportOutputIsCorrectAndOnlyCorrectObjectsAreImported(@ForAll("anyCase") SwapPropertiesTest.Case c) {
        SwapDecision e = SwapPropertiesTest.EXPORT.decide(c.header(), c.mpi(), SwapPropertiesTest.NOW);
        if (e instanceof SwapDecision.Apply) {
            assertThat(classifier.classify(SwapPropertiesTest.apply(c.header(), e)).verdict()).isEqualTo(Verdict.CORRECT);
        }
        SwapDecision i = SwapPropertiesTest.IMPORT.decide(c.header(), c.mpi(), SwapPropertiesTest.NOW);
        if (i instanceof SwapDecision.Apply a && !a.edits().isEmpty()) {
            assertThat(classifier.classify(c.header()).verdict()).isEqualTo(Verdict.CORRECT);
        }
    }

    @Property(tries = 300)
    void evidenceNeverShowsAWholeIdentifier(@ForAll("anyCase") SwapPropertiesTest.Case c) {
        Classification cl = classifier.classify(c.header());
        String evidence = cl.evidence().toString();
        DataSet h = c.header();
        String pid = h.getString(Tag.PatientID);
        if (pid != null && pid.length() >= 8) {
            assertThat(evidence).doesNotContain(pid);
        }
        List<DataSet> items = h.getSequence(Tag.OtherPatientIDsSequence);
        if (items != null) {
            for (DataSet item : items) {
                String id = item.getString(Tag.PatientID);
                if (id != null && id.length() >= 8) {
                    assertThat(evidence).doesNotContain(id);
                }
            }
        }
    }
}
