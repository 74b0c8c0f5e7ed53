package nl.zorgbrug.bgz.takeover;

import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.audit.consent.DataCategory;

/**
 * What a clinician takes over in one action (issue 19: "the whole BgZ, a section, or single zibs"), and which of the
 * items that need a decision (suspected duplicates, conflicts; by their reference at the source) the clinician
 * decided to take over all the same. Duplicates are never taken over. Items are named by their reference at the
 * source, {@code Type/id}.
 */
public record Selection(Scope scope, DataCategory section, Set<String> items, Set<String> decided) {
    public enum Scope { ALL, SECTION, ITEMS }

    public Selection {
        Objects.requireNonNull(scope, "scope");
        items = Set.copyOf(items == null ? Set.of() : items);
        decided = Set.copyOf(decided == null ? Set.of() : decided);
        if (scope == Scope.SECTION && section == null) {
            throw new IllegalArgumentException("taking over a section names the section (a zib of the BgZ)");
        }
        if (scope == Scope.ITEMS && items.isEmpty()) {
            throw new IllegalArgumentException("taking over single zibs names at least one: tick the items to take over");
        }
    }

    public static Selection all(Set<String> decided) {
        return new Selection(Scope.ALL, null, Set.of(), decided);
    }

    public static Selection section(DataCategory section, Set<String> decided) {
        return new Selection(Scope.SECTION, section, Set.of(), decided);
    }

    public static Selection items(Set<String> items, Set<String> decided) {
        return new Selection(Scope.ITEMS, null, items, decided);
    }

    /** Whether the zib falls in this selection. */
    public boolean covers(Zib z) {
        return switch (scope) {
            case ALL -> true;
            case SECTION -> section == z.category();
            case ITEMS -> items.contains(relative(z.reference()));
        };
    }

    /** Whether the match is to be taken over: new, or needing a decision the clinician made. */
    public boolean takes(Match m) {
        return m.verdict() == Verdict.NEW || m.needsDecision() && decided.contains(relative(m.incoming().reference()));
    }

    /** {@code Type/id} of a reference, absolute or not: the console names items as the source's relative reference. */
    public static String relative(String reference) {
        String[] parts = reference.split("/");
        return parts.length < 2 ? reference : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
