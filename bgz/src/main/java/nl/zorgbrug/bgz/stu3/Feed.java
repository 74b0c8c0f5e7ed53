package nl.zorgbrug.bgz.stu3;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import nl.zorgbrug.bgz.store.PatientLinks;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * Feeding the store (issue 19: "fed by the EPD with FHIR transactions or PUTs"): each resource is stored whole under
 * its logical id, with the patient it belongs to, the patient's BSN and its persistent identifier. A batch lands
 * all or nothing: one resource that cannot be placed (a patient reference to a patient not in the store or the
 * batch, a Patient without a valid BSN) refuses the whole batch with a 422 naming it.
 */
final class Feed {
    static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

    private final FhirContext ctx;
    private final ResourceStore store;
    private final Clock clock;

    Feed(FhirContext ctx, ResourceStore store, Clock clock) {
        this.ctx = ctx;
        this.store = store;
        this.clock = clock;
    }

    /** Stores {@code resources} (each with type and logical id set) as one batch; returns what was stored. */
    List<StoredResource> store(List<Resource> resources) {
        Map<String, Resource> batch = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (!r.getIdElement().hasIdPart()) {
                throw new InvalidRequestException(r.fhirType() + " without a logical id: the BgZ store keeps every "
                        + "resource under the id the EPD gives it; send it with PUT " + r.fhirType() + "/{id}");
            }
            batch.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
        }
        Map<String, String> bsnOfPatient = new HashMap<>();
        for (Resource r : batch.values()) {
            if (r instanceof Patient p) {
                bsnOfPatient.put(p.getIdElement().getIdPart(), bsn(p));
            }
        }
        List<StoredResource> out = new ArrayList<>();
        for (Resource r : batch.values()) {
            String id = r.getIdElement().getIdPart();
            String patientId = r instanceof Patient ? id : patientOf(r, batch);
            String bsn = patientId == null ? null : bsnOfPatient.computeIfAbsent(patientId, this::storedBsn);
            long version = store.read(r.fhirType(), id).map(s -> s.version() + 1).orElse(1L);
            r.setId(id);
            String json = ctx.newJsonParser().encodeResourceToString(r);
            out.add(new StoredResource(r.fhirType(), id, patientId, bsn, persistentId(r), version, clock.instant(),
                    r instanceof Provenance p ? targets(p) : List.of(), json));
        }
        store.saveAll(out);
        return out;
    }

    private String storedBsn(String patientId) {
        return store.read("Patient", patientId).map(StoredResource::patientBsn).orElse(null);
    }

    private static String bsn(Patient p) {
        for (Identifier i : p.getIdentifier()) {
            if (BSN_SYSTEM.equals(i.getSystem()) && i.hasValue()) {
                if (!Bsn.isValid(i.getValue())) {
                    throw new UnprocessableEntityException("Patient/" + p.getIdElement().getIdPart()
                            + " carries a BSN that fails the 11-proof (" + Bsn.mask(i.getValue())
                            + "): correct the number in the EPD and send the Patient again");
                }
                return Bsn.parse(i.getValue()).value();
            }
        }
        return null;
    }

    /** The Patient id a resource belongs to: by its patient element, or for a Provenance by its first target. */
    private String patientOf(Resource r, Map<String, Resource> batch) {
        String element = PatientLinks.element(r.fhirType());
        if (element != null) {
            for (IBase v : ctx.newTerser().getValues(r, r.fhirType() + "." + element)) {
                if (v instanceof Reference ref && "Patient".equals(ref.getReferenceElement().getResourceType())) {
                    return ref.getReferenceElement().getIdPart();
                }
            }
            return null;
        }
        if (r instanceof Provenance p) {
            for (String target : targets(p)) {
                Resource inBatch = batch.get(target);
                if (inBatch != null && !(inBatch instanceof Provenance)) {
                    return inBatch instanceof Patient ? inBatch.getIdElement().getIdPart() : patientOf(inBatch, batch);
                }
                String[] typeId = target.split("/", 2);
                Optional<StoredResource> stored = store.read(typeId[0], typeId[1]);
                if (stored.isPresent()) {
                    return stored.get().patientId();
                }
            }
        }
        return null;
    }

    private static List<String> targets(Provenance p) {
        List<String> out = new ArrayList<>();
        for (Reference t : p.getTarget()) {
            if (t.getReferenceElement().hasResourceType() && t.getReferenceElement().hasIdPart()) {
                out.add(t.getReferenceElement().getResourceType() + "/" + t.getReferenceElement().getIdPart());
            }
        }
        return out;
    }

    /**
     * The zib's persistent, globally unique identifier (BgZ MSZ FO: a taken-over zib keeps it): its first business
     * identifier with a system, else one the store makes up once and keeps over updates.
     */
    private String persistentId(Resource r) {
        boolean hasIdentifier = ctx.getResourceDefinition(r).getChildByName("identifier") != null;
        for (IBase v : hasIdentifier ? ctx.newTerser().getValues(r, r.fhirType() + ".identifier") : List.<IBase>of()) {
            if (v instanceof Identifier i && i.hasSystem() && i.hasValue()) {
                return i.getSystem() + "|" + i.getValue();
            }
        }
        return store.read(r.fhirType(), r.getIdElement().getIdPart()).map(StoredResource::persistentId)
                .orElseGet(() -> "urn:uuid:" + UUID.randomUUID());
    }
}
