package nl.zorgbrug.compliance.feedback;

import java.util.List;
import java.util.Objects;

import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;

/**
 * One sending institution's feedback for one period (issue 18): the studies it sent whose BSN was not correct, what
 * was wrong and what the guideline asks, in Dutch. No BSN appears whole: a study is named by its date, modality and
 * Study Instance UID, the values by the classifier's masked evidence.
 *
 * @param contact the address book's e-mail address of the institution, null when none is known (then exported)
 */
public record Digest(String institution, String institutionName, String contact, Period period, Share share,
                     List<Line> lines) {
    public Digest {
        Objects.requireNonNull(institution);
        Objects.requireNonNull(period);
        lines = List.copyOf(lines);
    }

    /** One study not correct: when and what, and which tags held what (masked). */
    public record Line(String studyInstanceUid, String studyDate, String modalities, String receivedLocal,
                       String wrong, List<String> evidence) {
        public Line {
            evidence = List.copyOf(evidence);
        }
    }
}
