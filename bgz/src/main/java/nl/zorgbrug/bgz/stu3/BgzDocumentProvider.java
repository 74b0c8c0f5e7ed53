package nl.zorgbrug.bgz.stu3;

import java.time.Clock;
import java.util.Date;
import java.util.UUID;

import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Composition;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Meta;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * {@code Patient/$bgz} on the STU3 endpoint: the patient's whole BgZ as one FHIR document (a Bundle of type
 * {@code document}, FHIR STU3 "Documents": the Composition first, then every resource it and its sections name, each
 * with an absolute {@code fullUrl}). Modelled on the International Patient Summary's {@code Patient/$summary} (the
 * patient by {@code identifier}, or the token's, a document Bundle back), named apart because the content is the BgZ
 * MSZ 2.0 on zib2017, not the IPS; the content is what the 27 searches answer ({@link BgzDocument}).
 */
public final class BgzDocumentProvider {
    /** LOINC 60591-5 "Patient summary Document", the document type the IPS uses for the same kind of document. */
    static final String SUMMARY = "60591-5";
    static final String AUTHOR = "Zorgbrug BgZ MSZ 2.0 (Beschikbaarstellend)";

    private final BgzDocument document;
    private final Clock clock;

    BgzDocumentProvider(BgzDocument document, Clock clock) {
        this.document = document;
        this.clock = clock;
    }

    @Operation(name = "$bgz", type = Patient.class, idempotent = true, bundleType = BundleTypeEnum.DOCUMENT)
    public Bundle bgz(@OperationParam(name = "identifier", min = 0, max = 1) TokenParam identifier,
                      RequestDetails request) {
        BgzDocument.Assembled d = document.assemble(request, identifier);
        String base = request.getFhirServerBase();
        Date now = Date.from(clock.instant());

        Composition c = new Composition();
        c.setId(UUID.randomUUID().toString());
        c.setStatus(Composition.CompositionStatus.FINAL);
        c.setType(new CodeableConcept(new Coding(BgzSection.LOINC, SUMMARY, "Patient summary Document")));
        c.setDate(now);
        c.setTitle("Basisgegevensset Zorg");
        c.setConfidentiality(Composition.DocumentConfidentiality.R);
        c.setSubject(subject(d, base));
        c.addAuthor(new Reference().setDisplay(AUTHOR));
        for (BgzDocument.Section s : d.sections()) {
            Composition.SectionComponent sc = c.addSection();
            sc.setTitle(s.section().title());
            CodeableConcept code = new CodeableConcept(new Coding(BgzSection.SYSTEM, s.section().zib().zib(),
                    s.section().zib().zib()));
            if (s.section().loinc() != null) {
                code.addCoding(new Coding(BgzSection.LOINC, s.section().loinc(), s.section().loincDisplay()));
            }
            sc.setCode(code);
            s.entries().forEach(r -> sc.addEntry(new Reference(base + "/" + BgzDocument.reference(r))));
        }

        Bundle b = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        b.setId(UUID.randomUUID().toString());
        b.setMeta(new Meta().setLastUpdated(now));
        b.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID()));
        // On the endpoint's base although it is made per request and not stored: the references in the resources and
        // sections are sent relative (HAPI's encoder makes references on the server base relative), and FHIR STU3
        // "Resolving references in Bundles" resolves a relative reference against the base of the entry's fullUrl,
        // which a urn:uuid does not have.
        b.addEntry().setFullUrl(base + "/Composition/" + c.getId()).setResource(c);
        for (Resource r : d.resources()) {
            b.addEntry().setFullUrl(base + "/" + BgzDocument.reference(r)).setResource(r);
        }
        return b;
    }

    /** The Patient the document is about: its resource when served, else by BSN (the store has no Patient yet). */
    private static Reference subject(BgzDocument.Assembled d, String base) {
        for (BgzDocument.Section s : d.sections()) {
            if (s.section() == BgzSection.PATIENT) {
                return new Reference(base + "/" + BgzDocument.reference(s.entries().get(0)));
            }
        }
        return new Reference().setIdentifier(new Identifier().setSystem(Feed.BSN_SYSTEM)
                .setValue(d.patient().value()));
    }
}
