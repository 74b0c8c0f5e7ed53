package nl.zorgbrug.bgz.r4;

import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import nl.zorgbrug.bgz.stu3.BgzDocument;
import nl.zorgbrug.bgz.stu3.BgzSection;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code Patient/$bgz} on the R4 endpoint: the patient's whole BgZ as one FHIR R4 document, as the STU3 endpoint's
 * ({@code stu3.BgzDocumentProvider}) and from the same assembly ({@link BgzDocument}: the 27 searches in one request,
 * one token check, one consent question, the same shielding and Provenance targets, one audit event), each resource
 * converted to zib2020 ({@link Zib2020}; ProcedureRequest as ServiceRequest). FHIR R4 "Documents": a Bundle of type
 * {@code document} with an {@code identifier} and a {@code timestamp}, the Composition first, then every resource
 * once, each with an absolute {@code fullUrl} on the endpoint's base.
 */
final class BgzDocumentR4Provider {
    /** LOINC 60591-5 "Patient summary Document", the document type the IPS uses (as on STU3). */
    static final String SUMMARY = "60591-5";
    static final String AUTHOR = "Zorgbrug BgZ (Beschikbaarstellend, FHIR R4 / zib2020)";
    private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

    private final BgzDocument document;
    private final Zib2020 mapping;
    private final Clock clock;

    BgzDocumentR4Provider(BgzDocument document, Zib2020 mapping, Clock clock) {
        this.document = document;
        this.mapping = mapping;
        this.clock = clock;
    }

    @Operation(name = "$bgz", type = Patient.class, idempotent = true, bundleType = BundleTypeEnum.DOCUMENT)
    public Bundle bgz(@OperationParam(name = "identifier", min = 0, max = 1) TokenParam identifier,
                      RequestDetails request) {
        BgzDocument.Assembled d = document.assemble(request, identifier);
        String base = request.getFhirServerBase();
        Date now = Date.from(clock.instant());
        // Each resource converted once, under its STU3 reference (sections name the STU3 resources).
        Map<String, Resource> converted = new LinkedHashMap<>();
        for (org.hl7.fhir.dstu3.model.Resource r : d.resources()) {
            converted.put(stu3Reference(r), mapping.convert(r));
        }

        Composition c = new Composition();
        c.setId(UUID.randomUUID().toString());
        c.setStatus(Composition.CompositionStatus.FINAL);
        c.setType(new CodeableConcept(new Coding(BgzSection.LOINC, SUMMARY, "Patient summary Document")));
        c.setDate(now);
        c.setTitle("Basisgegevensset Zorg");
        c.setConfidentiality(Composition.DocumentConfidentiality.R);
        c.addAuthor(new Reference().setDisplay(AUTHOR));
        Reference subject = null;
        for (BgzDocument.Section s : d.sections()) {
            Composition.SectionComponent sc = c.addSection();
            sc.setTitle(s.section().title());
            CodeableConcept code = new CodeableConcept(new Coding(BgzSection.SYSTEM, s.section().zib().zib(),
                    s.section().zib().zib()));
            if (s.section().loinc() != null) {
                code.addCoding(new Coding(BgzSection.LOINC, s.section().loinc(), s.section().loincDisplay()));
            }
            sc.setCode(code);
            for (org.hl7.fhir.dstu3.model.Resource r : s.entries()) {
                Reference entry = new Reference(base + "/" + reference(converted.get(stu3Reference(r))));
                sc.addEntry(entry);
                if (subject == null && s.section() == BgzSection.PATIENT) {
                    subject = entry.copy();
                }
            }
        }
        c.setSubject(subject != null ? subject : new Reference().setIdentifier(new Identifier()
                .setSystem(BSN_SYSTEM).setValue(d.patient().value())));

        Bundle b = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        b.setId(UUID.randomUUID().toString());
        b.setMeta(new Meta().setLastUpdated(now));
        b.setTimestamp(now);
        b.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID()));
        // On the endpoint's base, as on STU3: references in the resources and sections go out relative (HAPI's
        // encoder makes references on the server base relative) and resolve against the base of the entry's fullUrl.
        b.addEntry().setFullUrl(base + "/Composition/" + c.getId()).setResource(c);
        for (Resource r : converted.values()) {
            b.addEntry().setFullUrl(base + "/" + reference(r)).setResource(r);
        }
        return b;
    }

    private static String stu3Reference(org.hl7.fhir.dstu3.model.Resource r) {
        return r.fhirType() + "/" + r.getIdElement().getIdPart();
    }

    private static String reference(Resource r) {
        return r.fhirType() + "/" + r.getIdElement().getIdPart();
    }
}
