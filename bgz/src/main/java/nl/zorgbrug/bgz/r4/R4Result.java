package nl.zorgbrug.bgz.r4;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import nl.zorgbrug.bgz.stu3.SearchResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A BgZ search's answer on R4: the STU3 search's matches and includes, each converted to zib2020, in the same order
 * and with the same search modes ({@code match} counted in {@code Bundle.total}, {@code include} not), in one page.
 */
final class R4Result implements IBundleProvider {
    private final List<Resource> matches;
    private final List<Resource> included;
    private final Date published = new Date();
    private final String uuid = UUID.randomUUID().toString();

    private R4Result(List<Resource> matches, List<Resource> included) {
        this.matches = List.copyOf(matches);
        this.included = List.copyOf(included);
        this.matches.forEach(r -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.MATCH));
        this.included.forEach(r -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.INCLUDE));
    }

    static R4Result of(IBundleProvider stu3, Zib2020 mapping) {
        SearchResult answer = (SearchResult) stu3;
        return new R4Result(answer.matches().stream().map(mapping::convert).toList(),
                answer.included().stream().map(mapping::convert).toList());
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return new InstantType(published);
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
