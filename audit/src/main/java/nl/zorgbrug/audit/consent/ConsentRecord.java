package nl.zorgbrug.audit.consent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;

/**
 * One consent as the patient gave it (issue 17, "Consent and shielding"; Wabvpz art. 15a asks for explicit consent
 * before data is made available through an exchange system): for a purpose, to a scope, for data categories (all
 * when empty), in a period, recorded how and by whom. {@code permits} false records an explicit refusal ("geen
 * toestemming"), which outranks an older permission like a withdrawal does. A withdrawal ends it from that moment;
 * the record stays, since the trail and the overview refer to it.
 */
public record ConsentRecord(String id, Bsn patient, Purpose purpose, boolean permits, Scope scope,
                            Set<DataCategory> categories, Instant validFrom, Instant validUntil, Recording recording,
                            Withdrawal withdrawal) {

    public ConsentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(recording, "recording");
        categories = categories == null || categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("consent " + id + ": the period ends (" + validUntil
                    + ") before it starts (" + validFrom + ")");
        }
    }

    /** How and by whom a consent was recorded. */
    public record Recording(Method method, String recordedBy, Instant at) {
        public Recording {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(recordedBy, "recordedBy");
            Objects.requireNonNull(at, "at");
        }
    }

    /** How the patient gave it. */
    public enum Method { VERBAL, WRITTEN, PATIENT_PORTAL, MITZ }

    /** When and by whom it was withdrawn. */
    public record Withdrawal(Instant at, String by) {
        public Withdrawal {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(by, "by");
        }
    }

    /** Whether it speaks about this request at {@code now}: purpose, scope, category, period, not withdrawn. */
    public boolean appliesTo(Purpose p, Requester requester, DataCategory category, Instant now) {
        return purpose == p && scope.covers(requester) && (categories.isEmpty() || categories.contains(category))
                && !now.isBefore(validFrom) && (validUntil == null || now.isBefore(validUntil))
                && (withdrawal == null || now.isBefore(withdrawal.at()));
    }

    public ConsentRecord withdrawn(Withdrawal w) {
        return new ConsentRecord(id, patient, purpose, permits, scope, categories, validFrom, validUntil, recording, w);
    }
}
