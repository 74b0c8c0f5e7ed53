package nl.zorgbrug.registry.service;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;

import nl.zorgbrug.registry.store.StoredEntry;

/**
 * The place of a stored DocumentEntry in an ITI-18 LeafClass answer: an ExtrinsicObject that holds only its id, and
 * beside it (not seen by JAXB, which knows only the superclass) the stored ebRIM text and the status the registry
 * gives the entry now. {@link StoredExtrinsicObjectWriter} writes the stored ExtrinsicObject in its place, copied as
 * StAX events: parsing each stored text into JAXB objects only for JAXB to write them again was half the node's CPU
 * per ITI-18 (docs/benchmarks.md, "The image index (issue 20)").
 * <p>
 * Written without that writer, this would be a hollow ExtrinsicObject; the node's ITI-18 endpoint always writes its
 * answer through it (the app's {@code StoredExtrinsicObjectsOut}), and tests compare the answer on the wire.
 */
public final class StoredExtrinsicObject extends ExtrinsicObjectType {
    private final transient String ebRim;
    private final transient String status;

    StoredExtrinsicObject(StoredEntry entry) {
        this.ebRim = entry.ebRim();
        this.status = AvailabilityStatus.toQueryOpcode(entry.status());
        setId(entry.entryUuid());
    }

    /** The stored ebRIM text, a SubmitObjectsRequest holding this ExtrinsicObject (EbRim). */
    String ebRim() {
        return ebRim;
    }

    /** The status opcode to write instead of the stored one (a replaced entry is Deprecated, ITI TF-3 §4.1.6.1). */
    String status() {
        return status;
    }
}
