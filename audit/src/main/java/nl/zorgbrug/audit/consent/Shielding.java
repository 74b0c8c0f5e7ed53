package nl.zorgbrug.audit.consent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;

/**
 * Categories a patient shields from sharing (issue 17: per zib for the BgZ, e.g. drug use, alcohol use); they stay
 * in the own record but are left out of everything made available, whatever consent says. Lifted by a withdrawal.
 */
public record Shielding(String id, Bsn patient, Set<DataCategory> categories, ConsentRecord.Recording recording,
                        ConsentRecord.Withdrawal withdrawal) {
    public Shielding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(recording, "recording");
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("shielding " + id + " names no data category");
        }
        categories = Set.copyOf(EnumSet.copyOf(categories));
    }

    public boolean shields(DataCategory category, Instant now) {
        return categories.contains(category) && !now.isBefore(recording.at())
                && (withdrawal == null || now.isBefore(withdrawal.at()));
    }

    public Shielding withdrawn(ConsentRecord.Withdrawal w) {
        return new Shielding(id, patient, categories, recording, w);
    }
}
