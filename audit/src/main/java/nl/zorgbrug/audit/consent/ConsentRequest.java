package nl.zorgbrug.audit.consent;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;

/** A question to the consent service: may this requester have these categories of this patient for this purpose? */
public record ConsentRequest(Bsn patient, Requester requester, Purpose purpose, Set<DataCategory> categories) {
    public ConsentRequest {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(purpose, "purpose");
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("a consent request names the data categories it asks for");
        }
        categories = Set.copyOf(EnumSet.copyOf(categories));
    }
}
