package nl.zorgbrug.compliance.measure;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The measurement over what the node received and sent (issue 18): the objects made into studies, and the shares
 * CORRECT per direction, institution, ISO week and month, the breakdown per verdict and per exemption, the institutions
 * below the 95 % line, the 12-month trend, the studies behind any number and a reproducible sample. Immutable; made
 * from the objects of a period (and a little before, see {@link #of}).
 */
public final class Measurement {
    /** Where the address book does not know the other side. */
    public static final String UNKNOWN_INSTITUTION = "";

    private final List<MeasuredStudy> studies;

    private Measurement(List<MeasuredStudy> studies) {
        this.studies = List.copyOf(studies);
    }

    /**
     * Groups the objects into studies per direction and Study Instance UID; {@code marks} are what persons recorded
     * per study (any direction). A study belongs to the day of its first object's receive time.
     */
    public static Measurement of(List<MeasuredObject> objects, List<StudyMark> marks) {
        Map<String, List<StudyMark>> byStudy = marks.stream()
                .collect(Collectors.groupingBy(StudyMark::studyInstanceUid));
        Map<String, List<MeasuredObject>> grouped = new LinkedHashMap<>();
        for (MeasuredObject o : objects) {
            grouped.computeIfAbsent(o.direction() + " " + o.studyInstanceUid(), k -> new ArrayList<>()).add(o);
        }
        List<MeasuredStudy> studies = new ArrayList<>();
        for (List<MeasuredObject> group : grouped.values()) {
            studies.add(MeasuredStudy.of(group, byStudy.getOrDefault(group.get(0).studyInstanceUid(), List.of())));
        }
        studies.sort(Comparator.comparing(MeasuredStudy::receivedAt).thenComparing(MeasuredStudy::studyInstanceUid)
                .thenComparing(MeasuredStudy::direction));
        return new Measurement(studies);
    }

    /** Every study, oldest first. */
    public List<MeasuredStudy> studies() {
        return studies;
    }

    /** The studies behind a number: those that pass the filter, oldest first. */
    public List<MeasuredStudy> studies(Filter filter) {
        return studies.stream().filter(filter::test).toList();
    }

    public Share share(Filter filter) {
        Share s = Share.EMPTY;
        for (MeasuredStudy study : studies) {
            if (filter.test(study)) {
                s = s.plus(study);
            }
        }
        return s;
    }

    /** Per direction, both always present. */
    public Map<Direction, Share> byDirection(Period period) {
        Map<Direction, Share> m = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            m.put(d, share(Filter.of(d, period)));
        }
        return m;
    }

    /** Per institution (the address book's key; {@link #UNKNOWN_INSTITUTION} when unknown), sorted by key. */
    public Map<String, Share> byInstitution(Direction direction, Period period) {
        Map<String, Share> m = new TreeMap<>();
        for (MeasuredStudy s : studies(Filter.of(direction, period))) {
            String key = s.institution() == null ? UNKNOWN_INSTITUTION : s.institution();
            m.put(key, m.getOrDefault(key, Share.EMPTY).plus(s));
        }
        return m;
    }

    /** The institutions below the 95 % line in the period (an institution without counted studies is not). */
    public List<String> belowTarget(Direction direction, Period period) {
        return byInstitution(direction, period).entrySet().stream().filter(e -> e.getValue().belowTarget())
                .map(Map.Entry::getKey).toList();
    }

    /** Per ISO week (Monday to Sunday, Europe/Amsterdam), every week that touches the period, empty ones included. */
    public Map<String, Share> byWeek(Direction direction, Period period) {
        Map<String, Share> m = new LinkedHashMap<>();
        for (LocalDate monday = period.from().with(DayOfWeek.MONDAY); !monday.isAfter(period.to());
             monday = monday.plusWeeks(1)) {
            m.put(Period.isoWeek(monday), Share.EMPTY);
        }
        for (MeasuredStudy s : studies(Filter.of(direction, period))) {
            m.merge(Period.isoWeek(Period.day(s.receivedAt())), Share.EMPTY.plus(s), Measurement::sum);
        }
        return m;
    }

    /** Per month (Europe/Amsterdam), every month that touches the period, empty ones included. */
    public Map<YearMonth, Share> byMonth(Direction direction, Period period) {
        Map<YearMonth, Share> m = new LinkedHashMap<>();
        for (YearMonth ym = YearMonth.from(period.from()); !ym.isAfter(YearMonth.from(period.to())); ym = ym.plusMonths(1)) {
            m.put(ym, Share.EMPTY);
        }
        for (MeasuredStudy s : studies(Filter.of(direction, period))) {
            m.merge(Period.month(s.receivedAt()), Share.EMPTY.plus(s), Measurement::sum);
        }
        return m;
    }

    /** The last twelve months up to and including {@code last}. */
    public Map<YearMonth, Share> trend(Direction direction, YearMonth last) {
        return byMonth(direction, Period.twelveMonthsTo(last));
    }

    /** Objects and studies per verdict (every verdict present, zero where none): they sum to the totals. */
    public Map<Verdict, VerdictCount> byVerdict(Filter filter) {
        Map<Verdict, long[]> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, new long[2]);
        }
        for (MeasuredStudy s : studies(filter)) {
            counts.get(s.verdict())[1]++;
            for (MeasuredObject o : s.objects()) {
                counts.get(o.verdict())[0]++;
            }
        }
        Map<Verdict, VerdictCount> m = new EnumMap<>(Verdict.class);
        counts.forEach((v, c) -> m.put(v, new VerdictCount(c[0], c[1])));
        return m;
    }

    /** Studies per exemption (every exemption present). */
    public Map<Exemption, Long> byExemption(Filter filter) {
        Map<Exemption, Long> m = new EnumMap<>(Exemption.class);
        for (Exemption e : Exemption.values()) {
            m.put(e, 0L);
        }
        studies(filter).stream().filter(MeasuredStudy::exempt).forEach(s -> m.merge(s.exemption(), 1L, Long::sum));
        return m;
    }

    /**
     * A reproducible random sample ("steekproef") of up to {@code n} studies that pass the filter: the same studies,
     * seed and n give the same sample, so a second person draws the same. The candidates are put in Study Instance UID
     * order first (not in receive order, which a re-import could change), then shuffled with {@link Random} of the
     * seed (its algorithm is fixed by the Java specification, so the sample is the same on every JVM).
     */
    public List<MeasuredStudy> sample(Filter filter, int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("a sample has 0 or more studies, not " + n);
        }
        List<MeasuredStudy> candidates = new ArrayList<>(studies(filter));
        candidates.sort(Comparator.comparing(MeasuredStudy::studyInstanceUid).thenComparing(MeasuredStudy::direction));
        Collections.shuffle(candidates, new Random(seed));
        return List.copyOf(candidates.subList(0, Math.min(n, candidates.size())));
    }

    private static Share sum(Share a, Share b) {
        return new Share(a.studies() + b.studies(), a.correct() + b.correct(), a.exempt() + b.exempt());
    }

    /** Objects and studies with one verdict. */
    public record VerdictCount(long objects, long studies) {
    }

    /** Which studies a number counts; null parts match everything. */
    public record Filter(Direction direction, Period period, String institution, Verdict verdict, Exemption exemption,
                         String week) implements Predicate<MeasuredStudy> {

        public static Filter of(Direction direction, Period period) {
            return new Filter(direction, period, null, null, null, null);
        }

        public Filter institution(String key) {
            return new Filter(direction, period, key, verdict, exemption, week);
        }

        public Filter verdict(Verdict v) {
            return new Filter(direction, period, institution, v, exemption, week);
        }

        public Filter exemption(Exemption e) {
            return new Filter(direction, period, institution, verdict, e, week);
        }

        public Filter week(String isoWeek) {
            return new Filter(direction, period, institution, verdict, exemption, isoWeek);
        }

        @Override
        public boolean test(MeasuredStudy s) {
            return (direction == null || s.direction() == direction)
                    && (period == null || period.contains(s.receivedAt()))
                    && (institution == null || institution.equals(s.institution() == null ? UNKNOWN_INSTITUTION : s.institution()))
                    && (verdict == null || s.verdict() == verdict)
                    && (exemption == null || s.exemption() == exemption)
                    && (week == null || week.equals(Period.isoWeek(Period.day(s.receivedAt()))));
        }
    }
}
