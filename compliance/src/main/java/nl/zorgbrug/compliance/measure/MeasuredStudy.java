package nl.zorgbrug.compliance.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.StudyVerdicts;
import nl.zorgbrug.gateway.job.Direction;

/**
 * One study in one direction, from its objects: correct only when all its objects are ({@link StudyVerdicts}), with the
 * exemption that leaves it out of the denominator, if any, and the reason a person gave.
 *
 * @param exemption     null when the study counts
 * @param exemptReason  what a person wrote, or how the node knew (the urgent route, the foreigner rule)
 */
public record MeasuredStudy(Direction direction, String studyInstanceUid, String institution, String route,
                            String modalities, LocalDate studyDate, Instant receivedAt, Verdict verdict,
                            Exemption exemption, String exemptReason, List<MeasuredObject> objects) {
    public MeasuredStudy {
        Objects.requireNonNull(verdict);
        objects = List.copyOf(objects);
    }

    public boolean exempt() {
        return exemption != null;
    }

    /** In the denominator. */
    public boolean counts() {
        return exemption == null;
    }

    public boolean correct() {
        return counts() && verdict == Verdict.CORRECT;
    }

    /**
     * The study of these objects (one direction, one Study Instance UID; at least one object), with what a person
     * marked on it (null when nothing). Exemptions apply only to a study that is not CORRECT: a correct study counts as
     * correct whatever its route. In this order: a person's exemption (any verdict: a person decides); a category-1
     * emergency (a person's mark, or an urgent route) and a foreigner, only where the BSN is missing (NO_BSN or an
     * exempt verdict: a wrong placement is the sender's error, not a missing BSN); the classifier's newborn and rule.
     */
    public static MeasuredStudy of(List<MeasuredObject> objects, List<StudyMark> marks) {
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("a study has at least one object");
        }
        MeasuredObject first = objects.stream().min(Comparator.comparing(MeasuredObject::receivedAt)).orElseThrow();
        int bits = 0;
        for (MeasuredObject o : objects) {
            if (o.direction() != first.direction() || !o.studyInstanceUid().equals(first.studyInstanceUid())) {
                throw new IllegalArgumentException("objects of study " + first.studyInstanceUid() + " " + first.direction()
                        + " mixed with " + o.studyInstanceUid() + " " + o.direction());
            }
            bits |= StudyVerdicts.bit(o.verdict());
        }
        Verdict verdict = StudyVerdicts.of(bits);
        Exemption exemption = null;
        String reason = null;
        Optional<StudyMark> person = last(marks, Exemption.PERSON);
        Optional<StudyMark> emergency = last(marks, Exemption.EMERGENCY);
        boolean missing = verdict == Verdict.NO_BSN || verdict.exempt();
        if (verdict != Verdict.CORRECT) {
            if (person.isPresent()) {
                exemption = Exemption.PERSON;
                reason = person.get().reason() + " (" + person.get().user() + ")";
            } else if (missing && emergency.isPresent()) {
                exemption = Exemption.EMERGENCY;
                reason = emergency.get().reason() + " (" + emergency.get().user() + ")";
            } else if (missing && objects.stream().anyMatch(MeasuredObject::urgent)) {
                exemption = Exemption.EMERGENCY;
                reason = "urgent route " + objects.stream().filter(MeasuredObject::urgent).findFirst().orElseThrow().route();
            } else if (missing && objects.stream().filter(o -> o.verdict() != Verdict.CORRECT).allMatch(MeasuredObject::foreigner)) {
                exemption = Exemption.FOREIGNER;
                reason = "no BSN; foreign or temporary identifier";
            } else if (verdict == Verdict.EXEMPT_NEWBORN) {
                exemption = Exemption.NEWBORN;
                reason = "newborn (at most 28 days old on the study date)";
            } else if (verdict == Verdict.EXEMPT_RULE) {
                exemption = Exemption.RULE;
                reason = "exemption rule (temporary issuer or name pattern)";
            }
        }
        TreeSet<String> modalities = new TreeSet<>();
        objects.stream().map(MeasuredObject::modality).filter(m -> m != null && !m.isBlank()).forEach(modalities::add);
        String institution = objects.stream().map(MeasuredObject::institution).filter(Objects::nonNull).findFirst()
                .orElse(null);
        LocalDate date = objects.stream().map(MeasuredObject::studyDate).filter(Objects::nonNull).findFirst().orElse(null);
        return new MeasuredStudy(first.direction(), first.studyInstanceUid(), institution, first.route(),
                String.join("\\", modalities), date, first.receivedAt(), verdict, exemption, reason,
                objects.stream().sorted(Comparator.comparing(MeasuredObject::receivedAt)).toList());
    }

    private static Optional<StudyMark> last(List<StudyMark> marks, Exemption kind) {
        return marks.stream().filter(m -> m.kind() == kind).max(Comparator.comparing(StudyMark::at));
    }
}
