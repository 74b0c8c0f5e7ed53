package nl.zorgbrug.bgz.testscript;

import java.util.ArrayList;
import java.util.List;

/** What running one TestScript gave: every assert's result, operations run and skipped. */
public final class Outcome {
    public enum Result { PASS, FAIL, WARNING, NOT_RUN }

    public record AssertResult(String test, Script.Assert assertion, Result result, String detail) {
        @Override
        public String toString() {
            return result + " [" + test + "] " + (assertion.label() == null ? "" : assertion.label() + " ")
                    + assertion.description() + (detail == null ? "" : " -> " + detail);
        }
    }

    public final String script;
    public final List<AssertResult> asserts = new ArrayList<>();
    public final List<String> skippedOperations = new ArrayList<>();
    /** Validation errors that only say something cannot be checked offline (ProfileValidator.Offline). */
    public final List<String> uncheckable = new ArrayList<>();
    int operations;

    Outcome(String script) {
        this.script = script;
    }

    public long count(Result r) {
        return asserts.stream().filter(a -> a.result() == r).count();
    }

    /** Everything that did not pass: failures, failed warning-only asserts and asserts not run after a stop. */
    public List<AssertResult> problems() {
        return asserts.stream().filter(a -> a.result() != Result.PASS).toList();
    }

    public String summary() {
        return script + ": " + operations + " operations, " + asserts.size() + " asserts, " + count(Result.PASS)
                + " passed, " + count(Result.FAIL) + " failed, " + count(Result.WARNING) + " warnings, "
                + count(Result.NOT_RUN) + " not run, " + skippedOperations.size() + " operations skipped, "
                + uncheckable.size() + " validation findings not checkable offline";
    }
}
