package nl.zorgbrug.compliance.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import nl.zorgbrug.bsn.classify.Verdict;

class TallyPropertiesTest {

    @Provide
    Arbitrary<List<ObjectResult>> results() {
        Arbitrary<ObjectResult> classified = Combinators.combine(
                Arbitraries.integers().between(0, 20), Arbitraries.of(Verdict.class),
                Arbitraries.of("20240101", "20231231", "", "2022", "20220230"), Arbitraries.of("CT", "MR", ""),
                Arbitraries.of(Fix.class)).as((study, v, date, modality, fix) -> new ObjectResult.Classified(
                        "f", "s" + study, v, modality, date, "p" + study, "", fix, ""));
        Arbitrary<ObjectResult> unreadable = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5)
                .map(s -> new ObjectResult.Unreadable(s, "not DICOM"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, classified), net.jqwik.api.Tuple.of(1, unreadable))
                .list().ofMaxSize(200);
    }

    @Property
    void countsPerVerdictSumToTheTotals(@ForAll("results") List<ObjectResult> results) {
        ComplianceTally t = new ComplianceTally();
        results.forEach(t::add);
        ScanSummary s = t.summary(MpiBsn.none());

        long classified = results.stream().filter(r -> r instanceof ObjectResult.Classified).count();
        Set<String> studies = new HashSet<>();
        results.stream().filter(r -> r instanceof ObjectResult.Classified)
                .forEach(r -> studies.add(((ObjectResult.Classified) r).studyUid()));

        assertThat(s.objectsByVerdict().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(classified);
        assertThat(s.studiesByVerdict().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(studies.size());
        assertThat(s.objects() + s.unreadable().size()).isEqualTo(results.size());
        assertThat(s.byYear().values().stream().mapToLong(Coverage::studies).sum()).isEqualTo(studies.size());
        long correct = s.studiesByVerdict().get(Verdict.CORRECT);
        assertThat(s.byYear().values().stream().mapToLong(Coverage::correct).sum()).isEqualTo(correct);
        long notCorrectNotExempt = s.studiesByVerdict().entrySet().stream()
                .filter(e -> e.getKey() != Verdict.CORRECT && !e.getKey().exempt()).mapToLong(e -> e.getValue()).sum();
        assertThat(s.remediation()).hasSize((int) notCorrectNotExempt);
        assertThat(s.remediationByFix().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(notCorrectNotExempt);
    }

    @Property
    void theSummaryDoesNotDependOnTheOrderOfStudies(@ForAll("results") List<ObjectResult> results) {
        // Objects of one study keep their order (the scan commits in the source's order); studies may interleave.
        ComplianceTally a = new ComplianceTally();
        results.forEach(a::add);
        ComplianceTally b = new ComplianceTally();
        results.stream().sorted(java.util.Comparator.comparing(r -> r instanceof ObjectResult.Classified c ? c.studyUid() : "~"))
                .filter(r -> r instanceof ObjectResult.Classified).forEach(b::add);
        ScanSummary sa = a.summary(MpiBsn.none());
        ScanSummary sb = b.summary(MpiBsn.none());
        assertThat(sb.objectsByVerdict()).isEqualTo(sa.objectsByVerdict());
        assertThat(sb.studiesByVerdict()).isEqualTo(sa.studiesByVerdict());
        assertThat(sb.byYear()).isEqualTo(sa.byYear());
        assertThat(sb.remediation()).isEqualTo(sa.remediation());
    }
}
