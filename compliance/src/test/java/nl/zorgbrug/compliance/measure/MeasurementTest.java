package nl.zorgbrug.compliance.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;

class MeasurementTest {
    private static final Instant T = Instant.parse("2026-03-04T10:00:00Z");
    private static final Period MARCH = new Period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31));

    static MeasuredObject object(Direction d, String study, String sop, String institution, Verdict v, Instant at) {
        return new MeasuredObject(d, study, sop, "route", institution, "AE", "CT", LocalDate.of(2026, 3, 1), at, v,
                false, false, List.of());
    }

    static MeasuredObject imported(String study, String sop, Verdict v) {
        return object(Direction.IMPORT, study, sop, "umcx", v, T);
    }

    @Test
    void aStudyIsCorrectOnlyWhenAllItsObjectsAre() {
        Measurement m = Measurement.of(List.of(
                imported("1", "1.1", Verdict.CORRECT), imported("1", "1.2", Verdict.CORRECT),
                imported("2", "2.1", Verdict.CORRECT), imported("2", "2.2", Verdict.BSN_WITHOUT_ISSUER),
                imported("2", "2.3", Verdict.CORRECT)), List.of());

        assertThat(m.studies()).extracting(MeasuredStudy::verdict)
                .containsExactly(Verdict.CORRECT, Verdict.BSN_WITHOUT_ISSUER);
        Share s = m.byDirection(MARCH).get(Direction.IMPORT);
        assertThat(s).isEqualTo(new Share(2, 1, 0));
        assertThat(s.percent()).isEqualTo(50.0);
        Map<Verdict, Measurement.VerdictCount> v = m.byVerdict(Measurement.Filter.of(Direction.IMPORT, MARCH));
        assertThat(v.get(Verdict.CORRECT)).isEqualTo(new Measurement.VerdictCount(4, 1));
        assertThat(v.get(Verdict.BSN_WITHOUT_ISSUER)).isEqualTo(new Measurement.VerdictCount(1, 1));
        assertThat(m.byDirection(MARCH).get(Direction.EXPORT)).isEqualTo(Share.EMPTY);
    }

    @Test
    void exemptStudiesAreShownApartAndLeftOutOfTheDenominator() {
        MeasuredObject urgent = new MeasuredObject(Direction.IMPORT, "3", "3.1", "spoed", "umcx", "AE", "CT", null, T,
                Verdict.NO_BSN, true, false, List.of());
        MeasuredObject foreigner = new MeasuredObject(Direction.IMPORT, "4", "4.1", "route", "umcx", "AE", "CT", null, T,
                Verdict.NO_BSN, false, true, List.of());
        MeasuredObject urgentButMisplaced = new MeasuredObject(Direction.IMPORT, "7", "7.1", "spoed", "umcx", "AE", "CT",
                null, T, Verdict.BSN_WITHOUT_ISSUER, true, false, List.of());
        MeasuredObject urgentAndCorrect = new MeasuredObject(Direction.IMPORT, "8", "8.1", "spoed", "umcx", "AE", "CT",
                null, T, Verdict.CORRECT, true, false, List.of());
        List<StudyMark> marks = List.of(
                new StudyMark("5", Exemption.PERSON, "proefopname, geen patiënt", "kwaliteit", T),
                new StudyMark("6", Exemption.EMERGENCY, "traumaopvang, identiteit onbekend", "sehwacht", T));
        Measurement m = Measurement.of(List.of(
                imported("1", "1.1", Verdict.CORRECT), imported("2", "2.1", Verdict.EXEMPT_NEWBORN), urgent, foreigner,
                imported("5", "5.1", Verdict.WRONG_ISSUER), imported("6", "6.1", Verdict.NO_BSN), urgentButMisplaced,
                urgentAndCorrect, imported("9", "9.1", Verdict.EXEMPT_RULE)), marks);

        assertThat(m.studies()).extracting(MeasuredStudy::studyInstanceUid, MeasuredStudy::exemption).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", null),
                org.assertj.core.groups.Tuple.tuple("2", Exemption.NEWBORN),
                org.assertj.core.groups.Tuple.tuple("3", Exemption.EMERGENCY),
                org.assertj.core.groups.Tuple.tuple("4", Exemption.FOREIGNER),
                org.assertj.core.groups.Tuple.tuple("5", Exemption.PERSON),
                org.assertj.core.groups.Tuple.tuple("6", Exemption.EMERGENCY),
                org.assertj.core.groups.Tuple.tuple("7", null),
                org.assertj.core.groups.Tuple.tuple("8", null),
                org.assertj.core.groups.Tuple.tuple("9", Exemption.RULE));
        // 9 studies, 6 exempt; of the 3 that count, 1 and 8 are correct, 7 is a misplaced BSN (urgent or not).
        assertThat(m.share(Measurement.Filter.of(Direction.IMPORT, MARCH))).isEqualTo(new Share(9, 2, 6));
        assertThat(m.studies().get(4).exemptReason()).isEqualTo("proefopname, geen patiënt (kwaliteit)");
        assertThat(m.studies().get(2).exemptReason()).isEqualTo("urgent route spoed");
        Map<Exemption, Long> ex = m.byExemption(Measurement.Filter.of(Direction.IMPORT, MARCH));
        assertThat(ex).containsEntry(Exemption.EMERGENCY, 2L).containsEntry(Exemption.NEWBORN, 1L)
                .containsEntry(Exemption.FOREIGNER, 1L).containsEntry(Exemption.PERSON, 1L).containsEntry(Exemption.RULE, 1L);
    }

    @Test
    void aPersonsExemptionNeedsAReason() {
        assertThatThrownBy(() -> new StudyMark("1", Exemption.PERSON, " ", "kwaliteit", T))
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new StudyMark("1", Exemption.NEWBORN, "x", "kwaliteit", T))
                .hasMessageContaining("emergency or exempt");
    }

    @Test
    void anEmptyPeriodHasNoShareAndIsNotFlagged() {
        Measurement m = Measurement.of(List.of(), List.of());
        Share s = m.byDirection(MARCH).get(Direction.IMPORT);
        assertThat(s).isEqualTo(Share.EMPTY);
        assertThat(s.percent()).isNaN();
        assertThat(s.belowTarget()).isFalse();
        assertThat(m.byWeek(Direction.IMPORT, MARCH)).hasSize(6).allSatisfy((w, share) -> assertThat(share).isEqualTo(Share.EMPTY));
        assertThat(m.trend(Direction.EXPORT, YearMonth.of(2026, 3))).hasSize(12)
                .containsKeys(YearMonth.of(2025, 4), YearMonth.of(2026, 3));
        assertThat(m.sample(Measurement.Filter.of(null, MARCH), 10, 42)).isEmpty();
    }

    @Test
    void weeksAreIsoWeeksInEuropeAmsterdam() {
        // Sunday 2026-03-29 22:30 UTC is Monday 00:30 in Amsterdam (summer time since that night): week 14.
        // Sunday 2026-01-04 22:59 UTC is 23:59 in Amsterdam (winter time): still week 1; 23:00 UTC is week 2.
        // Thursday 2026-01-01 belongs to week 2026-W01; Sunday 2025-12-28 to 2025-W52.
        Instant summer = Instant.parse("2026-03-29T22:30:00Z");
        Instant winterLate = Instant.parse("2026-01-04T22:59:00Z");
        Instant winterNext = Instant.parse("2026-01-04T23:00:00Z");
        Instant newYear = Instant.parse("2026-01-01T12:00:00Z");
        Instant lastOld = Instant.parse("2025-12-28T12:00:00Z");
        Measurement m = Measurement.of(List.of(
                object(Direction.EXPORT, "a", "a.1", "x", Verdict.CORRECT, summer),
                object(Direction.EXPORT, "b", "b.1", "x", Verdict.NO_BSN, winterLate),
                object(Direction.EXPORT, "c", "c.1", "x", Verdict.CORRECT, winterNext),
                object(Direction.EXPORT, "d", "d.1", "x", Verdict.CORRECT, newYear),
                object(Direction.EXPORT, "e", "e.1", "x", Verdict.CORRECT, lastOld)), List.of());
        Map<String, Share> weeks = m.byWeek(Direction.EXPORT, new Period(LocalDate.of(2025, 12, 22), LocalDate.of(2026, 4, 5)));
        assertThat(weeks.get("2026-W14")).isEqualTo(new Share(1, 1, 0));
        assertThat(weeks.get("2026-W13")).isEqualTo(Share.EMPTY);
        assertThat(weeks.get("2026-W01")).isEqualTo(new Share(2, 1, 0));
        assertThat(weeks.get("2026-W02")).isEqualTo(new Share(1, 1, 0));
        assertThat(weeks.get("2025-W52")).isEqualTo(new Share(1, 1, 0));
        assertThat(weeks.keySet()).first().isEqualTo("2025-W52");
        assertThat(weeks.keySet()).last().isEqualTo("2026-W14");
        Map<YearMonth, Share> months = m.byMonth(Direction.EXPORT, new Period(LocalDate.of(2025, 12, 1), LocalDate.of(2026, 4, 30)));
        // Monday 00:30 in Amsterdam is 30 March: March, not April; February had none.
        assertThat(months.get(YearMonth.of(2026, 3))).isEqualTo(new Share(1, 1, 0));
        assertThat(months.get(YearMonth.of(2026, 2))).isEqualTo(Share.EMPTY);
        assertThat(months.get(YearMonth.of(2026, 4))).isEqualTo(Share.EMPTY);
        assertThat(months.get(YearMonth.of(2026, 1))).isEqualTo(new Share(3, 2, 0));
    }

    @Test
    void institutionsBelowTheLineAreFlagged() {
        List<MeasuredObject> objects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            objects.add(object(Direction.IMPORT, "a" + i, "a" + i + ".1", "good", i == 0 ? Verdict.NO_BSN : Verdict.CORRECT, T));
            objects.add(object(Direction.IMPORT, "b" + i, "b" + i + ".1", "poor", i < 2 ? Verdict.NO_BSN : Verdict.CORRECT, T));
        }
        objects.add(object(Direction.IMPORT, "c", "c.1", null, Verdict.NO_BSN, T));
        Measurement m = Measurement.of(objects, List.of());
        assertThat(m.byInstitution(Direction.IMPORT, MARCH).get("good").percent()).isEqualTo(95.0);
        assertThat(m.byInstitution(Direction.IMPORT, MARCH).get("poor").percent()).isEqualTo(90.0);
        assertThat(m.belowTarget(Direction.IMPORT, MARCH)).containsExactly(Measurement.UNKNOWN_INSTITUTION, "poor");
        assertThat(m.studies(Measurement.Filter.of(Direction.IMPORT, MARCH).institution("poor").verdict(Verdict.NO_BSN)))
                .extracting(MeasuredStudy::studyInstanceUid).containsExactly("b0", "b1");
    }

    @Test
    void aSampleIsTheSameForTheSameSeedWhateverTheOrderOfTheObjects() {
        List<MeasuredObject> objects = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            objects.add(object(Direction.IMPORT, "s" + i, "s" + i + ".1", "x", Verdict.CORRECT, T.plusSeconds(i)));
        }
        Measurement.Filter march = Measurement.Filter.of(null, MARCH);
        List<MeasuredStudy> first = Measurement.of(objects, List.of()).sample(march, 10, 2026);
        List<MeasuredObject> reversed = new ArrayList<>(objects);
        java.util.Collections.reverse(reversed);
        List<MeasuredStudy> second = Measurement.of(reversed, List.of()).sample(march, 10, 2026);
        List<MeasuredStudy> other = Measurement.of(objects, List.of()).sample(march, 10, 2027);

        assertThat(first).hasSize(10).doesNotHaveDuplicates();
        assertThat(second).extracting(MeasuredStudy::studyInstanceUid)
                .containsExactlyElementsOf(first.stream().map(MeasuredStudy::studyInstanceUid).toList());
        assertThat(other).extracting(MeasuredStudy::studyInstanceUid)
                .isNotEqualTo(first.stream().map(MeasuredStudy::studyInstanceUid).toList());
        assertThat(Measurement.of(objects, List.of()).sample(march, 500, 1)).hasSize(100);
    }
}
