package nl.zorgbrug.registry.store;

import java.util.Objects;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;

/**
 * A DocumentEntry as the registry holds it: the columns the stored queries decide by (with the current status) and
 * its full metadata as the ebRIM text it was stored as. The text is read only when an answer shows the entry, and
 * then in the form the answer needs: copied as it is onto the wire (StoredQueries.answer), or read into IPF's model
 * by {@link #entry()} for the registry's own use and its tests.
 *
 * @param logicalUuid the entry's lid (its entryUUID when it replaces nothing, ITI TF-3 §4.1.6.1)
 */
public record StoredEntry(String entryUuid, String logicalUuid, Bsn bsn, AvailabilityStatus status,
                          DocumentEntryType entryType, String ebRim) {

    public StoredEntry {
        Objects.requireNonNull(entryUuid, "entryUuid");
        Objects.requireNonNull(bsn, "bsn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ebRim, "ebRim");
    }

    /**
     * The entry in IPF's model, with the status the registry gives it now (a replaced entry is Deprecated, ITI TF-3
     * §4.1.6.1).
     */
    public DocumentEntry entry() {
        DocumentEntry entry = EbRim.documentEntry(ebRim);
        entry.setAvailabilityStatus(status);
        return entry;
    }
}
