package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * The EPD's transaction (FHIR STU3 http.html#transaction): a Bundle of {@code PUT Type/id} entries, stored all or
 * nothing. Other entry methods are refused with a 400 before anything is stored: the BgZ store keeps the EPD's ids.
 */
final class TransactionProvider {
    private final Feed feed;
    private final java.util.Set<String> types;

    TransactionProvider(Feed feed, java.util.Set<String> types) {
        this.feed = feed;
        this.types = types;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        Caller.feeder(request);
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            throw new InvalidRequestException("the BgZ store takes a Bundle of type transaction, not "
                    + (bundle.getType() == null ? "one without a type" : bundle.getType().toCode()));
        }
        List<Resource> resources = new ArrayList<>();
        int n = 0;
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            n++;
            Resource r = e.getResource();
            if (r == null || e.getRequest().getMethod() != Bundle.HTTPVerb.PUT) {
                throw new InvalidRequestException("entry " + n + ": the BgZ store takes PUT Type/id entries with a "
                        + "resource; this entry has " + (r == null ? "no resource" : e.getRequest().getMethod()));
            }
            IdType url = new IdType(e.getRequest().getUrl());
            if (!r.fhirType().equals(url.getResourceType()) || !url.hasIdPart()) {
                throw new InvalidRequestException("entry " + n + ": request.url '" + e.getRequest().getUrl()
                        + "' must be " + r.fhirType() + "/{id}");
            }
            if (!types.contains(r.fhirType())) {
                throw new InvalidRequestException("entry " + n + ": the BgZ store keeps no " + r.fhirType());
            }
            if (r.getIdElement().hasIdPart() && !r.getIdElement().getIdPart().equals(url.getIdPart())) {
                throw new InvalidRequestException("entry " + n + ": resource id " + r.getIdElement().getIdPart()
                        + " differs from request.url " + e.getRequest().getUrl());
            }
            r.setId(url.getIdPart());
            resources.add(r);
        }
        List<StoredResource> stored = feed.store(resources);
        RequestNotes.of(request).stored(stored.stream().map(StoredResource::reference).toList());
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (StoredResource s : stored) {
            response.addEntry().getResponse().setStatus(s.version() == 1 ? "201 Created" : "200 OK")
                    .setLocation(s.type() + "/" + s.id() + "/_history/" + s.version());
        }
        return response;
    }
}
