package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * A search's answer: the matches (counted in {@code Bundle.total}) and what {@code _include} and
 * {@code _revinclude} brought along (entry search mode {@code include}, not counted), in one page, as the
 * BgZ queries are small per patient. HAPI asks for matches by range; the included resources come with them.
 */
public final class SearchResult implements IBundleProvider {
    private final List<Resource> matches;
    private final List<Resource> included;
    private final Date published = new Date();
    private final String uuid = UUID.randomUUID().toString();

    SearchResult(List<Resource> matches, List<Resource> included) {
        this.matches = List.copyOf(matches);
        this.included = List.copyOf(included);
        this.matches.forEach(r -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.MATCH));
        this.included.forEach(r -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.INCLUDE));
    }

    public List<Resource> matches() {
        return matches;
    }

    public List<Resource> included() {
        return included;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return new org.hl7.fhir.dstu3.model.InstantType(published);
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        List<IBaseResource> page = new ArrayList<>(matches.subList(Math.min(fromIndex, matches.size()),
                Math.min(toIndex, matches.size())));
        if (fromIndex == 0) {
            page.addAll(included);
        }
        return page;
    }

    @Override
    public String getUuid() {
        return uuid;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        return matches.size();
    }
}
