package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import nl.zorgbrug.bsn.swap.ReasonCode;
import nl.zorgbrug.bsn.swap.SwapDecision;
import nl.zorgbrug.bsn.swap.SwapRefusedException;
import nl.zorgbrug.dicom.charset.UnmappableTextException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomParseException;

/**
 * Applies a swap to files: the decision is made on the head the streaming editor decodes, the edits are
 * applied while the rest of the object is copied raw, and an object the swap refuses is copied unchanged
 * into the quarantine folder with a {@code .reason.json} beside it. Inputs are never modified, and an
 * existing output or quarantine file is never overwritten.
 */
final class SwapFiles {
    enum Outcome { SWAPPED, UNCHANGED, HOLD, QUARANTINE, ERROR }

    private final String operation;
    private final Function<DataSet, SwapDecision> decide;
    private final Path out;
    private final Path quarantine;
    private final PrintWriter report;
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

    SwapFiles(String operation, Function<DataSet, SwapDecision> decide, Path out, Path quarantine, PrintWriter report) {
        this.operation = operation;
        this.decide = decide;
        this.out = out;
        this.quarantine = quarantine;
        this.report = report;
    }

    /** Processes every input; returns the exit code: 0 all swapped, 1 some held or quarantined, 2 errors. */
    int run(List<InputFiles.Input> inputs) {
        for (InputFiles.Input input : inputs) {
            Outcome o = one(input);
            counts.merge(o, 1, Integer::sum);
        }
        StringBuilder summary = new StringBuilder(operation + ": " + inputs.size() + " file(s)");
        for (Map.Entry<Outcome, Integer> e : counts.entrySet()) {
            summary.append(", ").append(e.getValue()).append(' ').append(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
        }
        report.println(summary);
        report.flush();
        if (counts.getOrDefault(Outcome.ERROR, 0) > 0) {
            return 2;
        }
        return counts.getOrDefault(Outcome.HOLD, 0) + counts.getOrDefault(Outcome.QUARANTINE, 0) > 0 ? 1 : 0;
    }

    private Outcome one(InputFiles.Input input) {
        Path target = out.resolve(input.relative().toString());
        if (Files.exists(target)) {
            report.println(input.file() + "  ERROR  " + target + " exists already; it is never overwritten — choose an empty --out");
            return Outcome.ERROR;
        }
        SwapDecision.Refuse refusal;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            StreamingEditor.Result r = StreamingEditor.edit(input.file(), target, SwapRefusedException.planner(decide));
            Outcome o = r.edits().isEmpty() ? Outcome.UNCHANGED : Outcome.SWAPPED;
            report.println(input.file() + "  " + o + "  -> " + target);
            return o;
        } catch (SwapRefusedException e) {
            refusal = e.decision();
        } catch (UnmappableTextException e) {
            refusal = new SwapDecision.Refuse(ReasonCode.TEXT_NOT_ENCODABLE, e.getMessage());
        } catch (DicomParseException e) {
            // Not DICOM or damaged: the parse error names file, offset and tag.
            refusal = new SwapDecision.Refuse(ReasonCode.UNREADABLE, String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            report.println(input.file() + "  ERROR  " + e.getMessage());
            return Outcome.ERROR;
        }
        return toQuarantine(input, refusal);
    }

    private Outcome toQuarantine(InputFiles.Input input, SwapDecision.Refuse refusal) {
        Path target = quarantine.resolve(input.relative().toString());
        Path reason = target.resolveSibling(target.getFileName() + ".reason.json");
        try {
            if (Files.exists(target) || Files.exists(reason)) {
                report.println(input.file() + "  ERROR  " + target + " exists already in quarantine; it is never overwritten");
                return Outcome.ERROR;
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(input.file(), part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", input.file().toString());
            json.put("operation", operation);
            json.put("disposition", refusal.disposition().name());
            json.put("reason", refusal.reason().name());
            json.put("message_nl", refusal.messageNl());
            json.put("message_en", refusal.messageEn());
            json.put("detail", refusal.detail());
            json.put("decided_at", Instant.now().toString());
            Files.writeString(reason, Json.write(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            report.println(input.file() + "  ERROR  could not quarantine to " + target + ": " + e.getMessage());
            return Outcome.ERROR;
        }
        Outcome o = refusal.disposition() == nl.zorgbrug.bsn.swap.Disposition.HOLD ? Outcome.HOLD : Outcome.QUARANTINE;
        report.println(input.file() + "  " + o + " " + refusal.reason() + "  " + refusal.messageEn()
                + (refusal.detail().isEmpty() ? "" : " [" + refusal.detail() + "]") + "  -> " + target);
        return o;
    }
}
