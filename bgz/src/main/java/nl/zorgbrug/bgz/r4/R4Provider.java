package nl.zorgbrug.bgz.r4;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.r4.model.Resource;

/**
 * One R4 resource type of the BgZ: its search takes the same parameters as on STU3, asks the STU3 search (token,
 * consent, shielding, includes, Provenance all happen there, once) and answers what that found, converted to R4 /
 * zib2020. The R4 endpoint serves; the EPD feeds the store over STU3 only.
 */
abstract class R4Provider<T extends Resource> implements IResourceProvider {
    private final Class<T> type;
    private final Zib2020 mapping;

    R4Provider(Class<T> type, Zib2020 mapping) {
        this.type = type;
        this.mapping = mapping;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    IBundleProvider r4(IBundleProvider stu3) {
        return R4Result.of(stu3, mapping);
    }
}
