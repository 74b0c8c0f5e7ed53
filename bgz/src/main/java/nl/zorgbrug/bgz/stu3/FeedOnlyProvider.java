package nl.zorgbrug.bgz.stu3;

import org.hl7.fhir.dstu3.model.Resource;

/**
 * A resource type the BgZ serves only as an include or revinclude (Practitioner, PractitionerRole, Organization,
 * Medication, Device, Provenance, RelatedPerson): the EPD may feed it, nobody searches it directly.
 */
final class FeedOnlyProvider<T extends Resource> extends BgzProvider<T> {
    FeedOnlyProvider(Class<T> type, Serving serving, Feed feed) {
        super(type, serving, feed);
    }
}
