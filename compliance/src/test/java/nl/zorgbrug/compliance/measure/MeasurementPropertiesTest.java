package nl.zorgbrug.compliance.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;

class MeasurementPropertiesTest {
    private static final Period YEAR = new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31));

    @Provide
    Arbitrary<List<MeasuredObject>> objects() {
        Arbitrary<MeasuredObject> one = Combinators.combine(Arbitraries.of(Direction.class),
                Arbitraries.integers().between(0, 30), Arbitraries.of(Verdict.class), Arbitraries.of("a", "b", null),
                Arbitraries.longs().between(0, 600L * 24 * 3600), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((d, study, v, inst, seconds, urgent, foreigner) -> new MeasuredObject(d, "s" + study,
                        "s" + study + "." + seconds, "r", inst, "AE", "CT", null,
                        Instant.parse("2025-03-01T00:00:00Z").plusSeconds(seconds), v, urgent, foreigner, List.of()));
        return one.list().ofMaxSize(150);
    }

    @Provide
    Arbitrary<List<StudyMark>> marks() {
        return Combinators.combine(Arbitraries.integers().between(0, 30), Arbitraries.of(Exemption.EMERGENCY, Exemption.PERSON))
                .as((study, kind) -> new StudyMark("s" + study, kind, "reden", "kwaliteit", Instant.EPOCH))
                .list().ofMaxSize(5);
    }

    @Property
    void countsPerVerdictSumToTheTotal(@ForAll("objects") List<MeasuredObject> objects,
                                       @ForAll("marks") List<StudyMark> marks) {
        Measurement m = Measurement.of(objects, marks);
        for (Direction d : Direction.values()) {
            Measurement.Filter f = Measurement.Filter.of(d, YEAR);
            Map<Verdict, Measurement.VerdictCount> byVerdict = m.byVerdict(f);
            Share total = m.share(f);
            assertThat(byVerdict.values().stream().mapToLong(Measurement.VerdictCount::studies).sum())
                    .isEqualTo(total.studies());
            assertThat(byVerdict.values().stream().mapToLong(Measurement.VerdictCount::objects).sum())
                    .isEqualTo(objects.stream().filter(o -> o.direction() == d).count());
            assertThat(m.byExemption(f).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total.exempt());
            assertThat(m.byInstitution(d, YEAR).values().stream().mapToLong(Share::studies).sum()).isEqualTo(total.studies());
            assertThat(m.byWeek(d, YEAR).values().stream().mapToLong(Share::correct).sum()).isEqualTo(total.correct());
            assertThat(m.byMonth(d, YEAR).values().stream().mapToLong(Share::exempt).sum()).isEqualTo(total.exempt());
            assertThat(total.correct()).isLessThanOrEqualTo(byVerdict.get(Verdict.CORRECT).studies());
        }
    }
}
