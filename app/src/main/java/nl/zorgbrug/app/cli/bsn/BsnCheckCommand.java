package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.Classification;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.io.Part10Reader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zorgbrug bsn check}: one verdict per object and a summary, for measuring guideline conformance. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Classify how each object carries the BSN (Nictiz BSN in DICOM) and summarise.",
                "Identifiers in the evidence are masked. Exit code 0, or 2 when a file could not be read."})
public final class BsnCheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "DICOM files or directories (walked recursively).")
    List<Path> inputs;

    @Option(names = "--json", description = "One JSON object per file, then a summary object.")
    boolean json;

    @Option(names = "--local-issuer", paramLabel = "OID", description = "The hospital's issuer(s) of patient numbers (repeatable).")
    List<String> localIssuers = new ArrayList<>();

    @Option(names = "--exempt-issuer", paramLabel = "OID",
            description = "Issuer of temporary IDs, e.g. for unidentified emergency patients (repeatable).")
    List<String> exemptIssuers = new ArrayList<>();

    @Option(names = "--exempt-name", paramLabel = "REGEX",
            description = "Patient's Name pattern of patients without BSN, e.g. '^ONBEKEND' (repeatable).")
    List<String> exemptNames = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Pattern> patterns = new ArrayList<>();
        for (String p : exemptNames) {
            try {
                patterns.add(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--exempt-name '" + p + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        BsnClassifier classifier = new BsnClassifier(new ExemptionRules(Set.copyOf(localIssuers), Set.copyOf(exemptIssuers), patterns));
        PrintWriter out = spec.commandLine().getOut();
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        int unreadable = 0;
        for (InputFiles.Input input : InputFiles.expand(inputs)) {
            Classification c;
            try {
                c = classifier.classify(Part10Reader.readHeader(input.file()).dataSet());
            } catch (IOException e) {
                unreadable++;
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("file", input.file().toString());
                    o.put("error", String.valueOf(e.getMessage()));
                    out.println(Json.write(o));
                } else {
                    out.println(input.file() + "  UNREADABLE  " + e.getMessage());
                }
                continue;
            }
            counts.merge(c.verdict(), 1, Integer::sum);
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("file", input.file().toString());
                o.put("verdict", c.verdict().name());
                List<Object> ev = new ArrayList<>();
                for (Evidence e : c.evidence()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("tag", e.tag());
                    m.put("value", e.value());
                    m.put("note", e.note());
                    ev.add(m);
                }
                o.put("evidence", ev);
                out.println(Json.write(o));
            } else {
                out.println(input.file() + "  " + c.verdict() + "  " + String.join("; ", c.evidence().stream().map(Evidence::toString).toList()));
            }
        }
        printSummary(out, counts, unreadable);
        out.flush();
        return unreadable > 0 ? 2 : 0;
    }

    private void printSummary(PrintWriter out, Map<Verdict, Integer> counts, int unreadable) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int nonExempt = 0;
        for (Map.Entry<Verdict, Integer> e : counts.entrySet()) {
            if (!e.getKey().exempt()) {
                nonExempt += e.getValue();
            }
        }
        int correct = counts.getOrDefault(Verdict.CORRECT, 0);
        double correctShare = nonExempt == 0 ? 0 : 100.0 * correct / nonExempt;
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            Map<String, Object> perVerdict = new LinkedHashMap<>();
            for (Verdict v : Verdict.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = counts.getOrDefault(v, 0);
                m.put("count", n);
                m.put("share", total == 0 ? 0.0 : round(100.0 * n / total));
                perVerdict.put(v.name(), m);
            }
            summary.put("objects", total);
            summary.put("unreadable", unreadable);
            summary.put("verdicts", perVerdict);
            summary.put("non_exempt", nonExempt);
            summary.put("correct_share_of_non_exempt", round(correctShare));
            Map<String, Object> wrapped = new LinkedHashMap<>();
            wrapped.put("summary", summary);
            out.println(Json.write(wrapped));
            return;
        }
        out.println();
        out.println(String.format("%-40s %7s %7s", "verdict", "count", "share"));
        for (Verdict v : Verdict.values()) {
            int n = counts.getOrDefault(v, 0);
            out.println(String.format(java.util.Locale.ROOT, "%-40s %7d %6.1f%%", v, n, total == 0 ? 0.0 : 100.0 * n / total));
        }
        out.println(String.format(java.util.Locale.ROOT, "%-40s %7d", "objects", total));
        if (unreadable > 0) {
            out.println(String.format(java.util.Locale.ROOT, "%-40s %7d", "unreadable files", unreadable));
        }
        out.println(String.format(java.util.Locale.ROOT, "CORRECT over non-exempt objects: %d of %d = %.1f%%", correct, nonExempt, correctShare));
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
