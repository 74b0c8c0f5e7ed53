package nl.zorgbrug.bgz.stu3;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.TokenLookup;
import nl.zorgbrug.bgz.store.ResourceStore;
import org.hl7.fhir.dstu3.model.Device;
import org.hl7.fhir.dstu3.model.Medication;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.PractitionerRole;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.RelatedPerson;

/**
 * The BgZ MSZ 2.0 serving endpoint, FHIR STU3 (issue 19): HAPI's plain {@link RestfulServer} with one provider per
 * resource type over our own {@link ResourceStore}, the token check and the audit as interceptors. No JPA server:
 * the BgZ is a fixed set of read queries. Register the servlet at {@code [base]/fhir/stu3/*}; the CapabilityStatement
 * at {@code metadata} is generated from the providers, so it states exactly what they support.
 */
public final class BgzStu3Server {
    private static final FhirContext CONTEXT = FhirContext.forDstu3Cached();

    private BgzStu3Server() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    public static RestfulServer create(ResourceStore store, TokenLookup tokens, ConsentService consent,
                                       AuditLog audit, Clock clock) {
        return create(store, tokens, consent, audit, clock, null);
    }

    /**
     * With {@code tasks}, the endpoint also takes Notified Pull Tasks ({@code POST Task}, Ontvangend); null: it serves
     * only.
     */
    public static RestfulServer create(ResourceStore store, TokenLookup tokens, ConsentService consent,
                                       AuditLog audit, Clock clock, TaskInbox tasks) {
        Stu3Searches searches = Stu3Searches.over(store, consent, clock);
        Serving serving = searches.serving();
        Feed feed = searches.feed();
        List<IResourceProvider> providers = new ArrayList<>(searches.all());
        providers.addAll(List.of(
                new FeedOnlyProvider<>(Practitioner.class, serving, feed),
                new FeedOnlyProvider<>(PractitionerRole.class, serving, feed),
                new FeedOnlyProvider<>(Organization.class, serving, feed),
                new FeedOnlyProvider<>(Medication.class, serving, feed),
                new FeedOnlyProvider<>(Device.class, serving, feed),
                new FeedOnlyProvider<>(Provenance.class, serving, feed),
                new FeedOnlyProvider<>(RelatedPerson.class, serving, feed)));
        Set<String> types = new LinkedHashSet<>();
        providers.forEach(p -> types.add(CONTEXT.getResourceType(p.getResourceType())));
        if (tasks != null) {
            // Not a type of the store: a transaction never feeds a Task.
            providers.add(new TaskProvider(tasks));
        }
        RestfulServer server = new RestfulServer(CONTEXT);
        server.setServerName("Zorgbrug BgZ MSZ 2.0 (FHIR STU3)");
        server.setImplementationDescription("Basisgegevensset Zorg, serving role (Beschikbaarstellend)");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(providers);
        server.setPlainProviders(List.of(new TransactionProvider(feed, Set.copyOf(types)),
                new BgzDocumentProvider(new BgzDocument(searches), clock)));
        server.registerInterceptor(new AccessInterceptor(tokens));
        server.registerInterceptor(new AuditInterceptor(audit, clock));
        server.registerInterceptor(new CapabilityInterceptor());
        // A JSON search serves the resources as stored, without a parse and encode per request (StoredJson).
        server.registerInterceptor(new StoredJson());
        return server;
    }
}
