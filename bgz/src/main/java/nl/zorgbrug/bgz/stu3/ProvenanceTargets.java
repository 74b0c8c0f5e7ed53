package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The targets a Provenance of {@code _revinclude=Provenance:target} may name when it is served (issue 19, privacy).
 * A BgZ MSZ 2.0 Provenance (BgZ-Metadata) often names several zibs in {@code target}, each with its reference and a
 * display of its content. Shielded zibs never leave, not even by reference (the patient's shielding, Wabvpz art. 15a:
 * what the patient did not make available is not made available; docs/privacy.md "Shielding"): a target naming
 * {@code Observation/drug-use-…} tells the requester that the shielded zib exists, its id and, in its display, what
 * it says. So a served Provenance keeps in {@code target} only the references to resources released to this request:
 * served in this answer, or of this patient (or of none), of a type the token reads and not left out by consent or
 * shielding ({@link Serving.Scope#released}). Every other target (another patient's, a dangling one, one without a
 * literal {@code Type/id} reference) is removed, and with it the narrative ({@code text}), which describes every
 * target (the Nictiz fixtures' "Doel: …"); a Provenance left with no target is not served.
 * <p>
 * Cost: a Provenance whose targets, as the store indexed them ({@link StoredResource#provenanceTargets()}), are all
 * in the answer is served as stored, not parsed; the targets outside the answer are read in one batch for all of the
 * answer's Provenance, as the includes are. Only a Provenance that changes is parsed and encoded again (HAPI's STU3
 * JSON encoder, as the feed stores it), and it is served as changed on every path: its row carries the new JSON.
 */
final class ProvenanceTargets {
    private final FhirContext ctx;
    private final ResourceStore store;

    ProvenanceTargets(FhirContext ctx, ResourceStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    /**
     * The Provenance {@code rows} as they may be served with an answer holding {@code inAnswer} ({@code Type/id}):
     * each unchanged, with only the released targets, or left out; in the order given.
     */
    List<StoredResource> served(List<StoredResource> rows, Collection<String> inAnswer, Serving.Scope scope,
                                AccessToken token) {
        Set<String> answer = Set.copyOf(inAnswer);
        Set<String> outside = new LinkedHashSet<>();
        for (StoredResource row : rows) {
            for (String target : row.provenanceTargets()) {
                if (!answer.contains(target)) {
                    outside.add(target);
                }
            }
        }
        Set<String> released = new HashSet<>(answer);
        if (!outside.isEmpty()) {
            for (StoredResource target : store.readAll(outside)) {
                if (released(target, scope, token)) {
                    released.add(target.reference());
                }
            }
        }
        List<StoredResource> out = new ArrayList<>(rows.size());
        for (StoredResource row : rows) {
            if (released.containsAll(row.provenanceTargets()) && !mayHoldUnindexedTarget(row)) {
                out.add(row);
                continue;
            }
            StoredResource kept = keepOnly(row, released);
            if (kept != null) {
                out.add(kept);
            }
        }
        return out;
    }

    /** Whether a resource outside the answer could be read by this request: its patient, its type, its zib. */
    private static boolean released(StoredResource row, Serving.Scope scope, AccessToken token) {
        return (row.patientId() == null || scope.patientIds().contains(row.patientId()))
                && token.reads(row.type())
                && scope.released(StoredTree.profiles(StoredTree.read(row)), true);
    }

    /**
     * Whether the stored Provenance may have a target the store did not index: one named by identifier only (the
     * feed indexes literal {@code Type/id} references). A STU3 Provenance has no {@code identifier} of its own, so
     * without that key in the JSON every target that names something is indexed; with it, the Provenance is judged
     * on its content.
     */
    private static boolean mayHoldUnindexedTarget(StoredResource row) {
        return row.json().contains("\"identifier\"");
    }

    /** The row with only the released targets, its JSON encoded again; null when none is left. */
    private StoredResource keepOnly(StoredResource row, Set<String> released) {
        Provenance p = ctx.newJsonParser().parseResource(Provenance.class, row.json());
        List<Reference> targets = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Reference t : p.getTarget()) {
            String ref = reference(t);
            if (ref != null && released.contains(ref)) {
                targets.add(t);
                kept.add(ref);
            }
        }
        if (targets.isEmpty()) {
            return null;
        }
        if (targets.size() == p.getTarget().size()) {
            return row;
        }
        p.setTarget(targets);
        // The narrative describes every target ("Doel: ..." in the Nictiz fixtures): it would tell what was removed.
        p.setText(null);
        p.setId(row.id());
        return new StoredResource(row.type(), row.id(), row.patientId(), row.patientBsn(), row.persistentId(),
                row.version(), row.updated(), kept, ctx.newJsonParser().encodeResourceToString(p));
    }

    /** {@code Type/id} of a literal reference, as the feed indexes it; null for any other target. */
    private static String reference(Reference target) {
        IIdType id = target.getReferenceElement();
        return id.hasResourceType() && id.hasIdPart() ? id.getResourceType() + "/" + id.getIdPart() : null;
    }
}
