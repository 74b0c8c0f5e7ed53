package nl.zorgbrug.bgz.stu3;

import java.time.Clock;
import java.util.List;

import ca.uhn.fhir.rest.server.IResourceProvider;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.bgz.store.ResourceStore;

/**
 * The BgZ searches over the store as the EPD fed it (FHIR STU3, zib2017): one provider per searched type, all on one
 * {@link Serving} (token, consent, shielding) and one {@link Feed}. The STU3 endpoint registers them as they are;
 * the R4 endpoint ({@code bgz.r4}) asks the same searches and converts what they answer, so both endpoints serve
 * exactly the same resources under the same access rules.
 */
public record Stu3Searches(PatientProvider patient, CoverageProvider coverage, ConsentProvider consent,
                           ObservationProvider observation, ConditionProvider condition,
                           NutritionOrderProvider nutritionOrder, FlagProvider flag,
                           AllergyIntoleranceProvider allergyIntolerance,
                           MedicationStatementProvider medicationStatement,
                           MedicationRequestProvider medicationRequest,
                           MedicationDispenseProvider medicationDispense,
                           DeviceUseStatementProvider deviceUseStatement, ImmunizationProvider immunization,
                           EncounterProvider encounter, ProcedureProvider procedure,
                           ProcedureRequestProvider procedureRequest, CareTeamProvider careTeam) {

    public static Stu3Searches over(ResourceStore store, ConsentService consent, Clock clock) {
        Serving serving = new Serving(BgzStu3Server.context(), store, consent);
        Feed feed = new Feed(BgzStu3Server.context(), store, clock);
        return new Stu3Searches(new PatientProvider(serving, feed, store), new CoverageProvider(serving, feed),
                new ConsentProvider(serving, feed), new ObservationProvider(serving, feed),
                new ConditionProvider(serving, feed), new NutritionOrderProvider(serving, feed),
                new FlagProvider(serving, feed), new AllergyIntoleranceProvider(serving, feed),
                new MedicationStatementProvider(serving, feed), new MedicationRequestProvider(serving, feed),
                new MedicationDispenseProvider(serving, feed), new DeviceUseStatementProvider(serving, feed),
                new ImmunizationProvider(serving, feed), new EncounterProvider(serving, feed),
                new ProcedureProvider(serving, feed), new ProcedureRequestProvider(serving, feed),
                new CareTeamProvider(serving, feed));
    }

    /** The providers in the order the BgZ query set asks them. */
    List<IResourceProvider> all() {
        return List.of(patient, coverage, consent, observation, condition, nutritionOrder, flag, allergyIntolerance,
                medicationStatement, medicationRequest, medicationDispense, deviceUseStatement, immunization,
                encounter, procedure, procedureRequest, careTeam);
    }

    /** The serving and feed the providers share, for the feed-only types and the transaction. */
    Serving serving() {
        return patient.serving;
    }

    Feed feed() {
        return patient.feed;
    }
}
