package nl.zorgbrug.bgz.takeover;

import java.util.Set;

/**
 * One line of the FO's table of suspected duplicates (Nictiz, FO BgZ MSZ, "Hergebruik van gegevens": where a zib has
 * no persistent identifier to compare, these elements suggest the same fact). A rule gives a zib its keys; two zibs
 * that share a key are suspected duplicates. A rule that does not apply gives no keys.
 */
public interface SuspectedDuplicateRule {
    /** The rule as the console and the log name it, e.g. "procedure by SNOMED code and date". */
    String name();

    /** The zib's keys under this rule; empty when the rule does not apply or the zib lacks what it compares. */
    Set<String> keys(Zib zib);
}
