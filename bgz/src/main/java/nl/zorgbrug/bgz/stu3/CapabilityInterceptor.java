package nl.zorgbrug.bgz.stu3;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.dstu3.model.CapabilityStatement;
import org.hl7.fhir.instance.model.api.IBaseConformance;

/**
 * Completes the CapabilityStatement HAPI generates from the providers: HAPI's STU3 generator leaves out
 * {@code searchRevInclude}, yet every BgZ search takes {@code _revinclude=Provenance:target} (the zib-level metadata,
 * BgZ MSZ 2.0), and the statement must say exactly what is supported. Also states the bearer-token security.
 */
@Interceptor
final class CapabilityInterceptor {

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void complete(IBaseConformance generated) {
        if (!(generated instanceof CapabilityStatement cs)) {
            return;
        }
        cs.setPublisher("Zorgbrug");
        cs.setDescription("Basisgegevensset Zorg MSZ 2.0 (Nictiz), serving role: the BgZ queries over FHIR STU3 "
                + "(zib2017), each with _revinclude=Provenance:target; access with a bearer token bound to one "
                + "patient and one requesting organisation; feeding by PUT or transaction with the EPD's token.");
        for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
            rest.getSecurity().setDescription("Authorization: Bearer <token>; a token reads one patient for one "
                    + "organisation, with that patient's consent; shielded zibs are left out. A token for a patient "
                    + "who consented: POST [base]/token, OAuth 2.0 client credentials (RFC 6749 section 4.4) with "
                    + "patient=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}, the organisation's URA and credential as "
                    + "HTTP Basic.");
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
