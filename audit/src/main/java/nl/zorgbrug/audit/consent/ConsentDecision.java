package nl.zorgbrug.audit.consent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The consent service's answer: per category permit or deny, with the ground and the record relied on. */
public record ConsentDecision(ConsentRequest request, Instant at, Map<DataCategory, CategoryDecision> categories) {
    public ConsentDecision {
        categories = Map.copyOf(new EnumMap<>(categories));
        if (!categories.keySet().equals(request.categories())) {
            throw new IllegalArgumentException("a decision answers exactly the categories asked for: asked "
                    + request.categories() + ", answered " + categories.keySet());
        }
    }

    public boolean permits(DataCategory category) {
        CategoryDecision d = categories.get(category);
        return d != null && d.permission() == Permission.PERMIT;
    }

    /** What must be left out of what is made available. */
    public Set<DataCategory> leaveOut() {
        Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        categories.forEach((c, d) -> {
            if (d.permission() == Permission.DENY) {
                out.add(c);
            }
        });
        return out;
    }
}
