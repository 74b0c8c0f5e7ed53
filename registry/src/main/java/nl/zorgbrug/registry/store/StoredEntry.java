package nl.zorgbrug.registry.store;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;

import nl.zorgbrug.registry.model.IndexedEntry;

/** A DocumentEntry as the registry holds it: its index (with the current status) and its full metadata. */
public record StoredEntry(IndexedEntry index, DocumentEntry entry) {

    /** The entry with the status the registry gives it now (a replaced entry is Deprecated, ITI TF-3 §4.1.6.1). */
    public DocumentEntry current() {
        entry.setAvailabilityStatus(index.status());
        return entry;
    }
}
