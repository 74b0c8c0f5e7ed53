package nl.zorgbrug.bgz.takeover;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.Zibs;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.store.PatientLinks;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.DomainResource;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Property;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.UriType;
import org.hl7.fhir.dstu3.model.Base;

/**
 * Taking over a received BgZ into the own record (issue 19, Verwerkend; Nictiz, FO BgZ MSZ, "Hergebruik"): the whole
 * BgZ, a section or single zibs in one action. Each zib taken over is stored in the node's own patient record (the
 * store the BgZ is served from) whole, with its structure and codes, marked external with its {@link Origin}; the
 * resources it references that are no zib of their own (a Medication, a Device product, an Organization, a
 * Practitioner) come along, marked too, so its references resolve in the own record; a reference to a zib that is not
 * taken over points to the zib at the source (an absolute URL). Reconciliation ({@link Reconciler}) decides what is
 * taken: new zibs; suspected duplicates and conflicts only where the clinician decided so; duplicates never.
 *
 * <p>A taken-over zib gets a logical id derived from its URL at the source, so taking the same item over again can
 * never add a second copy, whatever the reconciliation says. The action is one {@code IMPORT} event in the audit
 * trail naming the patient, the source and every resource stored.
 */
public final class TakeOver {
    private final FhirContext ctx;
    private final ResourceStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Reconciler reconciler;

    public TakeOver(FhirContext ctx, ResourceStore store, AuditLog audit, Clock clock, Reconciler reconciler) {
        this.ctx = Objects.requireNonNull(ctx);
        this.store = Objects.requireNonNull(store);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
        this.reconciler = Objects.requireNonNull(reconciler);
    }

    /** The received BgZ's zibs (the Patient aside: the own record has its own) reconciled with the own record. */
    public Review review(ReceivedBgz received) {
        Received in = Received.of(received, ctx);
        String ownPatient = ownPatient(received).orElse(null);
        List<Zib> own = ownPatient == null ? List.of() : own(ownPatient);
        List<Match> matches = new ArrayList<>();
        for (Match m : reconciler.reconcile(own, in.zibs())) {
            // Taken over before, even when reconciliation cannot see it (a zib the own record lists under no patient).
            boolean stored = m.verdict() != Verdict.DUPLICATE && store.read(m.incoming().resource().fhirType(),
                    derivedId(m.incoming().reference())).isPresent();
            matches.add(stored ? new Match(m.incoming(), Verdict.DUPLICATE, null, null, null, null) : m);
        }
        return new Review(matches, ownPatient);
    }

    /**
     * Takes the selected zibs over into the own record and audits it.
     *
     * @throws IllegalStateException when neither the own record nor the received BgZ holds the patient
     */
    public Outcome takeOver(ReceivedBgz received, Selection selection, Actor actor) {
        Received in = Received.of(received, ctx);
        Review review = review(received);
        Instant now = clock.instant();
        Map<String, Resource> out = new LinkedHashMap<>();
        String patientId = review.ownPatient();
        if (patientId == null) {
            if (in.patient().isEmpty()) {
                // The attempt is in the trail too: a person tried to take this patient's data over.
                audit.record(AuditEvent.of(EventType.IMPORT, actor, now)
                        .outcome(nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE)
                        .source(new Peer(received.source().name(), null, received.source().base()))
                        .patient(PatientRef.of(received.patient())).legalBasis(new LegalBasis.Treatment())
                        .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "received-bgz/" + received.id()))
                        .detail("BgZ from " + received.source().name() + " not taken over: no Patient in it and"
                                + " none with this BSN in the own record").build());
                throw new IllegalStateException("received BgZ " + received.id() + " holds no Patient and the own"
                        + " record has none with this BSN: request the BgZ again with the Patient query, or register"
                        + " the patient in the EPD first");
            }
            Patient p = in.patient().get();
            patientId = derivedId(in.absolute("Patient/" + p.getIdElement().getIdPart()));
        }
        Copier copier = new Copier(received, in, patientId, actor, now);
        int duplicates = 0;
        int undecided = 0;
        List<String> taken = new ArrayList<>();
        for (Match m : review.matches()) {
            if (!selection.covers(m.incoming())) {
                continue;
            }
            if (selection.takes(m)) {
                Resource r = m.incoming().resource();
                copier.plan(r);
                taken.add(copier.planned.get(r.fhirType() + "/" + r.getIdElement().getIdPart()));
            } else if (m.verdict() == Verdict.DUPLICATE) {
                duplicates++;
            } else {
                undecided++;
            }
        }
        // A patient new here: the received Patient starts the own record, but only when something is taken over.
        boolean newPatient = review.ownPatient() == null && !taken.isEmpty();
        if (newPatient) {
            copier.plan(in.patient().orElseThrow());
        }
        copier.copyAll(out);
        List<StoredResource> rows = new ArrayList<>();
        for (Resource r : out.values()) {
            String id = r.getIdElement().getIdPart();
            String pid = r instanceof Patient ? id : PatientLinks.element(r.fhirType()) != null ? patientId : null;
            long version = store.read(r.fhirType(), id).map(s -> s.version() + 1).orElse(1L);
            rows.add(new StoredResource(r.fhirType(), id, pid, pid == null ? null : received.patient().value(),
                    persistentId(r, Origin.of(r).map(Origin::sourceItem).orElse(null)), version, now, List.of(),
                    ctx.newJsonParser().encodeResourceToString(r)));
        }
        store.saveAll(rows);
        Outcome outcome = new Outcome(taken, rows.size() - taken.size() - (newPatient ? 1 : 0), duplicates,
                undecided);
        AuditEvent.Builder b = AuditEvent.of(EventType.IMPORT, actor, now)
                .source(new Peer(received.source().name(), null, received.source().base()))
                .patient(PatientRef.of(received.patient())).legalBasis(new LegalBasis.Treatment())
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "received-bgz/" + received.id()))
                .detail("BgZ from " + received.source().name() + " taken over into the own record (" + scope(selection)
                        + "): " + taken.size() + " zibs taken over, " + outcome.companions() + " referenced resources"
                        + " with them, " + duplicates + " duplicates left, " + undecided + " suspected duplicates or"
                        + " conflicts left undecided");
        rows.stream().limit(500).forEach(r -> b.object(new ObjectRef(ObjectKind.FHIR_RESOURCE, r.reference())));
        audit.record(b.build());
        return outcome;
    }

    private static String scope(Selection s) {
        return switch (s.scope()) {
            case ALL -> "the whole BgZ";
            case SECTION -> "section " + s.section();
            case ITEMS -> s.items().size() + " selected zibs";
        };
    }

    /** The own record's Patient with the received BgZ's BSN. */
    private Optional<String> ownPatient(ReceivedBgz received) {
        return store.patientsWithBsn(received.patient().value()).stream().map(StoredResource::id).sorted()
                .findFirst();
    }

    /** The own record's zibs of the patient, with the source each names (the own EPD, or the origin of a taken-over one). */
    private List<Zib> own(String patientId) {
        Map<String, Resource> cache = new LinkedHashMap<>();
        Function<Reference, Resource> resolve = ref -> {
            String rel = ref.getReferenceElement().getResourceType() + "/" + ref.getReferenceElement().getIdPart();
            return cache.computeIfAbsent(rel, k -> store.read(ref.getReferenceElement().getResourceType(),
                    ref.getReferenceElement().getIdPart()).map(s -> parse(s.json())).orElse(null));
        };
        List<Zib> out = new ArrayList<>();
        for (String type : PatientLinks.types()) {
            for (StoredResource s : store.forPatient(type, patientId)) {
                Resource r = parse(s.json());
                DataCategory c = Zibs.category(r.getMeta().getProfile().stream().map(UriType::getValue).toList());
                if (c != null) {
                    String source = Origin.of(r).map(o -> o.sourceUra() != null ? o.sourceUra() : o.sourceName())
                            .orElse(Zib.OWN);
                    out.add(new Zib(s.reference(), c, r, source, resolve));
                }
            }
        }
        return out;
    }

    private Resource parse(String json) {
        return (Resource) ctx.newJsonParser().parseResource(json);
    }

    /**
     * The logical id of a zib taken over from {@code sourceItem} (its absolute URL at the source): the same item gets
     * the same id, so it can be stored only once. 40 hex digits of SHA-256 fit FHIR's 64-character id.
     */
    static String derivedId(String sourceItem) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sourceItem.getBytes(StandardCharsets.UTF_8));
            return "ext-" + HexFormat.of().formatHex(d).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The zib's own persistent identifier {@code system|value}, or null when it carries none. */
    static String zibIdentifier(Resource r) {
        Property p = r.getChildByName("identifier");
        if (p != null) {
            for (Base b : p.getValues()) {
                if (b instanceof Identifier i && i.hasSystem() && i.hasValue()) {
                    return i.getSystem() + "|" + i.getValue();
                }
            }
        }
        return null;
    }

    /** The store's persistent identifier: the zib's own, else its URL at the source (globally unique and stable). */
    private static String persistentId(Resource r, String sourceItem) {
        String own = zibIdentifier(r);
        return own != null ? own : sourceItem != null ? sourceItem : "urn:uuid:" + java.util.UUID.randomUUID();
    }

    /** Copies received resources into the own record's form: new ids, references rewritten, origin written. */
    private final class Copier {
        private final ReceivedBgz received;
        private final Received in;
        private final String patientId;
        private final Actor actor;
        private final Instant now;
        /** Source-relative reference → own reference, of every resource copied in this action. */
        final Map<String, String> planned = new LinkedHashMap<>();
        private final Deque<Resource> queue = new ArrayDeque<>();

        Copier(ReceivedBgz received, Received in, String patientId, Actor actor, Instant now) {
            this.received = received;
            this.in = in;
            this.patientId = patientId;
            this.actor = actor;
            this.now = now;
        }

        void plan(Resource r) {
            String rel = r.fhirType() + "/" + r.getIdElement().getIdPart();
            if (!planned.containsKey(rel)) {
                String id = r instanceof Patient ? patientId : derivedId(in.absolute(rel));
                planned.put(rel, r.fhirType() + "/" + id);
                queue.add(r);
            }
        }

        void copyAll(Map<String, Resource> out) {
            while (!queue.isEmpty()) {
                Resource original = queue.poll();
                String rel = original.fhirType() + "/" + original.getIdElement().getIdPart();
                Resource copy = original.copy();
                copy.setId(planned.get(rel).substring(original.fhirType().length() + 1));
                copy.getMeta().setVersionIdElement(null);
                copy.getMeta().setLastUpdatedElement(null);
                for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(copy, Reference.class)) {
                    rewrite(ref);
                }
                if (copy instanceof DomainResource d) {
                    String zibId = zibIdentifier(original);
                    new Origin(received.source().name(), received.source().ura(), in.absolute(rel),
                            zibId != null ? zibId : "urn:ietf:rfc:3986|urn:uuid:" + received.id(), zibId == null,
                            received.receivedAt(), now, actor.userId(),
                            ResponsibleClinician.of(ctx, original, in::resolve), received.id().toString()).writeOn(d);
                }
                out.put(planned.get(rel), copy);
            }
        }

        /**
         * The Patient becomes the own one; a resource copied in this action or taken over before its own copy; a
         * referenced resource that is no zib of its own comes along; any other zib is named at the source.
         */
        private void rewrite(Reference ref) {
            if (!ref.hasReference() || ref.getReference().startsWith("#")) {
                return;
            }
            String rel = in.relative(ref.getReference());
            if (rel == null) {
                return; // absolute at another server: already true as it is
            }
            String type = rel.substring(0, rel.indexOf('/'));
            if ("Patient".equals(type)) {
                ref.setReference("Patient/" + patientId);
                return;
            }
            String derived = derivedId(in.absolute(rel));
            Resource target = in.resources().get(rel);
            if (planned.containsKey(rel)) {
                ref.setReference(planned.get(rel));
            } else if (target != null && companion(target)) {
                plan(target);
                ref.setReference(planned.get(rel));
            } else if (store.read(type, derived).isPresent()) {
                ref.setReference(type + "/" + derived);
            } else {
                ref.setReference(in.absolute(rel));
            }
        }

        /** A resource that is no zib of the patient's own: it belongs with the zib that names it. */
        private boolean companion(Resource r) {
            DataCategory c = Zibs.category(r.getMeta().getProfile().stream().map(UriType::getValue).toList());
            return c == null || PatientLinks.element(r.fhirType()) == null;
        }
    }

    /** The resources of a received BgZ, by their reference at the source, and its zibs. */
    record Received(String base, Map<String, Resource> resources, List<Zib> zibs) {
        static Received of(ReceivedBgz received, FhirContext ctx) {
            String base = received.source().base().replaceAll("/+$", "");
            Map<String, Resource> resources = new LinkedHashMap<>();
            for (ReceivedQuery q : received.queries()) {
                if (q.bundleJson() == null) {
                    continue;
                }
                Bundle b = (Bundle) ctx.newJsonParser().parseResource(q.bundleJson());
                for (Bundle.BundleEntryComponent e : b.getEntry()) {
                    Resource r = e.getResource();
                    if (r != null && !"Provenance".equals(r.fhirType()) && r.getIdElement().hasIdPart()) {
                        resources.putIfAbsent(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
                    }
                }
            }
            Received partial = new Received(base, resources, List.of());
            List<Zib> zibs = new ArrayList<>();
            String source = received.source().ura() != null ? received.source().ura() : received.source().name();
            for (Map.Entry<String, Resource> e : resources.entrySet()) {
                Resource r = e.getValue();
                DataCategory c = Zibs.category(r.getMeta().getProfile().stream().map(UriType::getValue).toList());
                if (c != null && c != DataCategory.PATIENT) {
                    zibs.add(new Zib(partial.absolute(e.getKey()), c, r, source, partial::resolve));
                }
            }
            return new Received(base, resources, List.copyOf(zibs));
        }

        String absolute(String relative) {
            return base + "/" + relative;
        }

        /** {@code Type/id} of a reference relative to the source, or null when it points elsewhere. */
        String relative(String reference) {
            String r = reference.startsWith(base + "/") ? reference.substring(base.length() + 1) : reference;
            if (r.contains("://")) {
                return null;
            }
            String[] parts = r.split("/");
            return parts.length >= 2 ? parts[0] + "/" + parts[1] : null;
        }

        Resource resolve(Reference ref) {
            if (ref == null || !ref.hasReference()) {
                return null;
            }
            String rel = relative(ref.getReference());
            return rel == null ? null : resources.get(rel);
        }

        Optional<Patient> patient() {
            return resources.values().stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst();
        }
    }
}
