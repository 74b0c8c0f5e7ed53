package nl.zorgbrug.bgz.r4;

import java.time.Clock;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.TokenLookup;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.stu3.AccessInterceptor;
import nl.zorgbrug.bgz.stu3.AuditInterceptor;
import nl.zorgbrug.bgz.stu3.BgzDocument;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.stu3.Stu3Searches;

/**
 * The BgZ served as FHIR R4 on the zib2020 profiles (issue 19: "serve the same data as FHIR R4 / zib2020 at
 * {@code [base]/fhir/r4}"): a second plain {@link RestfulServer}, with one provider per searched type that asks the
 * STU3 search over the same store and converts the answer ({@link Zib2020}). So both endpoints serve the same
 * resources, and the token check, consent, shielding and audit are the very same interceptors and code; the whole BgZ
 * as one document ({@code Patient/$bgz}, {@link BgzDocumentR4Provider}) too. Register the
 * servlet at {@code [base]/fhir/r4/*}. No qualification material exists for BgZ on R4 (Nictiz publishes BgZ MSZ 2.0
 * on STU3 only), so the queries are those of BgZ MSZ 2.0 with ProcedureRequest as ServiceRequest.
 */
public final class BgzR4Server {
    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private BgzR4Server() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    public static RestfulServer create(ResourceStore store, TokenLookup tokens, ConsentService consent,
                                       AuditLog audit, Clock clock) {
        Stu3Searches s = Stu3Searches.over(store, consent, clock);
        Zib2020 m = new Zib2020(BgzStu3Server.context(), CONTEXT);
        RestfulServer server = new RestfulServer(CONTEXT);
        server.setServerName("Zorgbrug BgZ (FHIR R4, zib2020)");
        server.setImplementationDescription("Basisgegevensset Zorg, serving role (Beschikbaarstellend), FHIR R4");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(List.of(
                new PatientR4Provider(s.patient(), m),
                new CoverageR4Provider(s.coverage(), m),
                new ConsentR4Provider(s.consent(), m),
                new ObservationR4Provider(s.observation(), m),
                new ConditionR4Provider(s.condition(), m),
                new NutritionOrderR4Provider(s.nutritionOrder(), m),
                new FlagR4Provider(s.flag(), m),
                new AllergyIntoleranceR4Provider(s.allergyIntolerance(), m),
                new MedicationStatementR4Provider(s.medicationStatement(), m),
                new MedicationRequestR4Provider(s.medicationRequest(), m),
                new MedicationDispenseR4Provider(s.medicationDispense(), m),
                new DeviceUseStatementR4Provider(s.deviceUseStatement(), m),
                new ImmunizationR4Provider(s.immunization(), m),
                new EncounterR4Provider(s.encounter(), m),
                new ProcedureR4Provider(s.procedure(), m),
                new ServiceRequestR4Provider(s.procedureRequest(), m),
                new CareTeamR4Provider(s.careTeam(), m)));
        server.setPlainProviders(List.of(new BgzDocumentR4Provider(new BgzDocument(s), m, clock)));
        server.registerInterceptor(new AccessInterceptor(tokens));
        server.registerInterceptor(new AuditInterceptor(audit, clock));
        server.registerInterceptor(new CapabilityR4Interceptor());
        return server;
    }
}
