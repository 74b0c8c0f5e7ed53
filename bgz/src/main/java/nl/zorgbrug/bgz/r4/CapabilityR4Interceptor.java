package nl.zorgbrug.bgz.r4;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Completes the R4 CapabilityStatement HAPI generates from the providers: the description of what is served (the
 * BgZ query set on zib2020, converted from the zib2017 store), the bearer-token security, and
 * {@code _revinclude=Provenance:target} on every searched type where the generator did not list it.
 */
@Interceptor
final class CapabilityR4Interceptor {

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void complete(IBaseConformance generated) {
        if (!(generated instanceof CapabilityStatement cs)) {
            return;
        }
        cs.setPublisher("Zorgbrug");
        cs.setDescription("Basisgegevensset Zorg, serving role, over FHIR R4 on the zib2020 (nl-core) profiles: the "
                + "BgZ MSZ 2.0 query set (ProcedureRequest as ServiceRequest), each with _revinclude=Provenance:target,"
                + " answered from the same store as the STU3 endpoint and converted; read only. Access with a bearer "
                + "token bound to one patient and one requesting organisation.");
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            rest.getSecurity().setDescription("Authorization: Bearer <token>; a token reads one patient for one "
                    + "organisation, with that patient's consent; shielded zibs are left out.");
            for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
                boolean searchable = r.getInteraction().stream().anyMatch(i ->
                        i.getCode() == CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
                if (searchable && r.getSearchRevInclude().stream().noneMatch(s -> "Provenance:target".equals(s.getValue()))) {
                    r.addSearchRevInclude("Provenance:target");
                }
            }
        }
    }
}
