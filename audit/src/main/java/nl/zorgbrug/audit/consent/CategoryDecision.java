package nl.zorgbrug.audit.consent;

import java.util.Objects;

/**
 * The decision for one category, why, and the record relied on ({@code reliedOn}: a consent or shielding id, the
 * Mitz answer's reference; null when nothing was found).
 */
public record CategoryDecision(DataCategory category, Permission permission, Ground ground, String reliedOn) {
    public CategoryDecision {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(ground, "ground");
    }

    /** Why. Every ground but {@link #CONSENT} and {@link #MITZ_PERMIT} denies. */
    public enum Ground {
        /** A consent in the register permits it. */
        CONSENT(Permission.PERMIT),
        /** The most recent applicable record is an explicit refusal. */
        REFUSAL(Permission.DENY),
        /** No consent applies: without explicit consent nothing is made available (Wabvpz art. 15a). */
        NO_CONSENT(Permission.DENY),
        /** The patient shields this category from sharing. */
        SHIELDED(Permission.DENY),
        MITZ_PERMIT(Permission.PERMIT),
        MITZ_DENY(Permission.DENY),
        MITZ_NOT_APPLICABLE(Permission.DENY),
        MITZ_INDETERMINATE(Permission.DENY),
        /** Mitz could not be asked or did not answer (fault, 503, time-out): deny, never allow. */
        MITZ_FAILED(Permission.DENY);

        private final Permission permission;

        Ground(Permission permission) {
            this.permission = permission;
        }

        public Permission permission() {
            return permission;
        }
    }

    public static CategoryDecision of(DataCategory category, Ground ground, String reliedOn) {
        return new CategoryDecision(category, ground.permission(), ground, reliedOn);
    }
}
