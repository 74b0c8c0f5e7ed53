package nl.zorgbrug.bgz.stu3;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * What every resource type of the BgZ store offers: the EPD's update (PUT {@code Type/id}, as the TestScripts'
 * _LoadResources feed it). Each subclass adds its BgZ search; cross-cutting concerns (token, audit) are interceptors.
 */
abstract class BgzProvider<T extends Resource> implements IResourceProvider {
    final Class<T> type;
    final Serving serving;
    final Feed feed;

    BgzProvider(Class<T> type, Serving serving, Feed feed) {
        this.type = type;
        this.serving = serving;
        this.feed = feed;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource, RequestDetails request) {
        Caller.feeder(request);
        if (!id.hasIdPart()) {
            throw new InvalidRequestException("PUT needs the logical id in the URL: " + type.getSimpleName() + "/{id}");
        }
        if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(id.getIdPart())) {
            throw new InvalidRequestException("the id in the body (" + resource.getIdElement().getIdPart()
                    + ") differs from the id in the URL (" + id.getIdPart() + "): send them equal");
        }
        resource.setId(id.getIdPart());
        List<StoredResource> stored = feed.store(List.of(resource));
        RequestNotes.of(request).stored(stored.stream().map(StoredResource::reference).toList());
        StoredResource s = stored.get(0);
        MethodOutcome outcome = new MethodOutcome(new IdType(s.type(), s.id(), Long.toString(s.version())));
        outcome.setCreated(s.version() == 1);
        return outcome;
    }
}
