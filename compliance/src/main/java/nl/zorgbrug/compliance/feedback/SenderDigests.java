package nl.zorgbrug.compliance.feedback;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.MeasuredStudy;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The digests of a period: one per sending institution (imports, known in the address book) that sent at least one
 * study that counts and was not correct. Exempt studies are not raised with the sender. Text in {@link DigestText}.
 */
public final class SenderDigests {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("d-M-yyyy HH:mm", Locale.forLanguageTag("nl"));

    private SenderDigests() {
    }

    public static List<Digest> of(Measurement m, Period period, Function<String, Optional<Institution>> addressBook) {
        List<Digest> digests = new ArrayList<>();
        for (Map.Entry<String, Share> e : m.byInstitution(Direction.IMPORT, period).entrySet()) {
            if (e.getKey().equals(Measurement.UNKNOWN_INSTITUTION)) {
                continue;
            }
            List<Digest.Line> lines = new ArrayList<>();
            for (MeasuredStudy s : m.studies(Measurement.Filter.of(Direction.IMPORT, period).institution(e.getKey()))) {
                if (s.counts() && s.verdict() != Verdict.CORRECT) {
                    lines.add(line(s));
                }
            }
            if (lines.isEmpty()) {
                continue;
            }
            Optional<Institution> i = addressBook.apply(e.getKey());
            digests.add(new Digest(e.getKey(), i.map(Institution::name).orElse(e.getKey()),
                    i.map(Institution::email).filter(x -> x != null && !x.isBlank()).orElse(null), period, e.getValue(),
                    lines));
        }
        return digests;
    }

    private static Digest.Line line(MeasuredStudy s) {
        List<String> evidence = new ArrayList<>();
        for (MeasuredObject o : s.objects()) {
            if (o.verdict() == s.verdict()) {
                o.evidence().forEach(ev -> evidence.add(ev.toString()));
                break;
            }
        }
        return new Digest.Line(s.studyInstanceUid(), s.studyDate() == null ? "onbekend" : s.studyDate().toString(),
                s.modalities().isEmpty() ? "onbekend" : s.modalities(),
                LOCAL.format(s.receivedAt().atZone(Period.ZONE)), Guideline.wrong(s.verdict()), evidence);
    }
}
