package nl.zorgbrug.compliance.tally;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * Adds up a scan's objects into studies and counts. Fed from one thread (the scan commits its results in order), so
 * the outcome does not depend on how the work was spread over threads, nor on where a resumed scan picked up: the
 * same objects in the same order give the same summary. Memory follows the number of studies, not of files.
 */
public final class ComplianceTally {
    private final EnumMap<Verdict, Long> objectsByVerdict = new EnumMap<>(Verdict.class);
    private final Map<String, Study> studies = new HashMap<>();
    private final List<ObjectResult.Unreadable> unreadable = new ArrayList<>();
    private final StudyPeriod period;
    private long outsidePeriod;

    public ComplianceTally() {
        this(StudyPeriod.ALL);
    }

    /** Counts only objects whose study date lies in {@code period}; the others are only counted as left out. */
    public ComplianceTally(StudyPeriod period) {
        this.period = period;
    }

    /** What is kept per study while the scan runs. */
    private static final class Study {
        int verdicts;
        long objects;
        String studyDate;
        final TreeSet<String> modalities = new TreeSet<>();
        String patientId;
        String issuer;
        boolean patientFromWrongObject;
        Fix fix = Fix.NONE;
        String fixReason = "";
    }

    public void add(ObjectResult result) {
        if (result instanceof ObjectResult.Classified c) {
            if (period.contains(c.studyDate())) {
                addClassified(c);
            } else {
                outsidePeriod++;
            }
        } else {
            unreadable.add((ObjectResult.Unreadable) result);
        }
    }

    private void addClassified(ObjectResult.Classified c) {
        objectsByVerdict.merge(c.verdict(), 1L, Long::sum);
        Study s = studies.computeIfAbsent(c.studyUid(), uid -> new Study());
        s.verdicts |= StudyVerdicts.bit(c.verdict());
        s.objects++;
        // The first object that has a year gives the study's; one with a damaged date does not hide the others'.
        if (s.studyDate == null || (StudyYear.UNKNOWN.equals(StudyYear.of(s.studyDate))
                && !StudyYear.UNKNOWN.equals(StudyYear.of(c.studyDate())))) {
            s.studyDate = c.studyDate();
        }
        // A study from a PACS names all its modalities at once (0008,0061), "CT\SR": each counts.
        for (String m : c.modality().split("\\\\")) {
            if (!m.isBlank()) {
                s.modalities.add(m.trim());
            }
        }
        // The remediation list names the patient as the first object without a correct BSN names it: that is the
        // record a person must find in the PACS, and the number the MPI look-up needs.
        boolean wrong = c.verdict() != Verdict.CORRECT && !c.verdict().exempt();
        if (s.patientId == null || wrong && !s.patientFromWrongObject) {
            s.patientId = c.patientId();
            s.issuer = c.issuer();
            s.patientFromWrongObject = wrong;
        }
        Fix combined = s.fix.and(c.fix());
        if (combined != s.fix || s.fixReason.isEmpty() && !c.fixReason().isEmpty() && c.fix() == combined) {
            s.fixReason = c.fixReason();
        }
        s.fix = combined;
    }

    public long objects() {
        return objectsByVerdict.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Objects left out because their study date is not in the period. */
    public long outsidePeriod() {
        return outsidePeriod;
    }

    public long unreadableCount() {
        return unreadable.size();
    }

    /** The counts so far; {@code mpi} gives the remediation list the BSN the MPI knows. */
    public ScanSummary summary(MpiBsn mpi) {
        EnumMap<Verdict, Long> studiesByVerdict = new EnumMap<>(Verdict.class);
        TreeMap<String, Coverage> byYear = new TreeMap<>();
        TreeMap<String, Coverage> byModality = new TreeMap<>();
        List<RemediationEntry> remediation = new ArrayList<>();
        for (Map.Entry<String, Study> e : studies.entrySet()) {
            Study s = e.getValue();
            Verdict v = StudyVerdicts.of(s.verdicts);
            studiesByVerdict.merge(v, 1L, Long::sum);
            Coverage one = new Coverage(1, v == Verdict.CORRECT ? 1 : 0, v.exempt() ? 1 : 0);
            String year = StudyYear.of(s.studyDate);
            byYear.merge(year, one, Coverage::plus);
            for (String m : s.modalities.isEmpty() ? List.of(ScanSummary.UNKNOWN_MODALITY) : s.modalities) {
                byModality.merge(m, one, Coverage::plus);
            }
            if (v != Verdict.CORRECT && !v.exempt()) {
                remediation.add(new RemediationEntry(e.getKey(), s.studyDate, year, List.copyOf(s.modalities), s.objects,
                        v, s.patientId, s.issuer, s.patientId.isEmpty() ? "" : mpi.of(s.patientId, s.issuer).orElse(""),
                        s.fix, s.fixReason));
            }
        }
        remediation.sort(java.util.Comparator.comparing(RemediationEntry::year).thenComparing(RemediationEntry::studyDate)
                .thenComparing(RemediationEntry::studyUid));
        return new ScanSummary(objectsByVerdict, studiesByVerdict, byYear, byModality, remediation, unreadable);
    }
}
