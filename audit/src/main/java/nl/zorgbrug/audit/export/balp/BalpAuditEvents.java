package nl.zorgbrug.audit.export.balp;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;

import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.export.atna.AtnaCodes;
import nl.zorgbrug.audit.export.atna.DicomAuditMessages;
import nl.zorgbrug.audit.trail.AuditRecord;

/**
 * A NEN 7513 event of the trail as a FHIR R4 AuditEvent in the IHE Basic Audit Log Patterns (BALP 1.1, ITI TF
 * Vol 3 5.7), from the same mapping as the DICOM message ({@link AtnaCodes}):
 *
 * <ul>
 *   <li>events on patient data take the shape of the BALP basic pattern of their action: {@code [Patient]Create},
 *   {@code Read}, {@code Update}, {@code Delete}, and {@code Query} for a search; the Patient variant when the event
 *   names exactly one patient (BALP's patient entity is 1..1; a list of several patients takes the basic pattern).
 *   Type {@code rest} with the restful-interaction subtype the pattern asks, and the DICOM EventID as a second
 *   subtype, so the repository still sees "DICOM Instances Transferred" and the like;</li>
 *   <li>the event claims the pattern's profile in {@code meta.profile} only when it conforms (checked against our
 *   transcription of the profiles by {@code BalpProfileValidationTest}): the outcome is success (the profiles fix
 *   outcome 0; BALP says a failure "may follow this pattern" but is no instance of it), both the client and the
 *   server have a network address (1..1 in every pattern), and there is the data entity (or, for a query, the
 *   query text);</li>
 *   <li>the other events (login, logout, user, role and configuration changes, a consent decision) have no BALP
 *   pattern: they keep the DICOM EventID as type and EventTypeCode as subtype (the ATNA FHIR feed's form);</li>
 *   <li>agents: the user (requestor) with the role, typed as the pattern's user slice asks (information recipient
 *   for a read or query, author for a change) and, in a pattern, without a network address ("users are not network
 *   devices": the access point's host is on the client agent); the organisation on whose behalf by URA; the data's
 *   source (110153) and destination (110152) system, which in BALP's Read is the server and the client, in its
 *   Create, Update and Query the client and the server (DICOM's convention the IG follows); in a Delete the client
 *   is the application (110150) and the server the custodian;</li>
 *   <li>entities: the patient by BSN (NamingSystem {@code http://fhir.nl/fhir/NamingSystem/bsn}); in a pattern,
 *   exactly one entity of type System Object, as BALP's data (or query) slice is 1..1: the first object (or, when
 *   the event has none, the one patient's record as the resource read or changed), the query of a search; further
 *   objects and the trail's own record are of type Other.</li>
 * </ul>
 */
public final class BalpAuditEvents {
    public static final String PROFILE_BASE = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.";
    public static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
    public static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String SECURITY_ROLE_TYPE = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String PROVENANCE_PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    private final String nodeName;
    private final String nodeAddress;
    private final Ura organisation;

    /** A node whose own network address is not known: events in which it is client or server claim no profile. */
    public BalpAuditEvents(String nodeName, Ura organisation) {
        this(nodeName, null, organisation);
    }

    /**
     * @param nodeName     the node as observer and as the server of what it serves (the application name)
     * @param nodeAddress  the node's host name or IP address, its network address as client or server; null if
     *                     unknown
     * @param organisation the hospital's URA, the source's site; null until configured
     */
    public BalpAuditEvents(String nodeName, String nodeAddress, Ura organisation) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.nodeAddress = nodeAddress;
        this.organisation = organisation;
    }

    /** The BALP pattern an event's shape follows: its profile name after {@link #PROFILE_BASE}, or null for none. */
    public static String pattern(AuditEvent e) {
        if (!e.type().aboutPatientData() || e.type() == EventType.CONSENT_DECISION) {
            return null;
        }
        // BALP's Query fixes action E; a query event stated otherwise takes the pattern of its action.
        String basic = e.type() == EventType.QUERY && e.action() == Action.EXECUTE ? "Query" : switch (e.action()) {
            case CREATE -> "Create";
            case READ -> "Read";
            case UPDATE -> "Update";
            case DELETE -> "Delete";
            case EXECUTE -> null;
        };
        if (basic == null) {
            return null;
        }
        return e.patients().size() == 1 ? "Patient" + basic : basic;
    }

    public org.hl7.fhir.r4.model.AuditEvent resource(AuditRecord record) {
        AuditEvent e = record.event();
        AtnaCodes codes = AtnaCodes.of(e.type());
        org.hl7.fhir.r4.model.AuditEvent r = new org.hl7.fhir.r4.model.AuditEvent();
        String pattern = pattern(e);
        String basic = pattern == null ? null : pattern.replaceFirst("^Patient", "");
        Coding dicomEvent = new Coding(DCM, codes.eventId().getValue().getCode(),
                codes.eventId().getValue().getOriginalText());
        if (pattern != null) {
            r.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
            String interaction = basic.equals("Query") ? "search-type" : basic.toLowerCase(Locale.ROOT);
            r.addSubtype(new Coding(RESTFUL_INTERACTION, interaction, interaction.replace('-', ' ')));
            r.addSubtype(dicomEvent);
        } else {
            r.setType(dicomEvent);
            if (codes.eventType() != null) {
                r.addSubtype(new Coding(DCM, codes.eventType().getValue().getCode(),
                        codes.eventType().getValue().getOriginalText()));
            }
        }
        r.addSubtype(new Coding(DicomAuditMessages.CODE_SYSTEM, e.type().name(), e.type().name()));
        r.setAction(AuditEventAction.fromCode(String.valueOf(e.action().code())));
        r.setRecorded(Date.from(e.at()));
        r.setOutcome(AuditEventOutcome.fromCode(Integer.toString(e.outcome().code())));
        if (e.detail() != null && !e.detail().isBlank()) {
            r.setOutcomeDesc(e.detail());
        }

        r.getSource().setSite(organisation == null ? nodeName : organisation.value())
                .setObserver(new Reference().setDisplay(nodeName))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

        r.addAgent(user(e, basic));
        if (e.actor().onBehalfOf() != null) {
            r.addAgent(new AuditEventAgentComponent()
                    .setType(concept(PARTICIPATION_TYPE, "RESP", "responsible party"))
                    .setWho(new Reference().setIdentifier(ura(e.actor().onBehalfOf())))
                    .setRequestor(false));
        }
        // In a read the data flows from the node to whoever asked; in a change, from whoever asked to the node.
        Peer node = new Peer(nodeName, null, nodeAddress);
        Peer asking = askingPeer(e, node);
        boolean read = "Read".equals(basic);
        Peer from = e.source() != null ? e.source() : read ? node : asking;
        Peer to = e.destination() != null ? e.destination() : read ? asking : node;
        if ("Delete".equals(basic)) {
            r.addAgent(peer(from, concept(DCM, "110150", "Application")));
            r.addAgent(peer(to, concept(PROVENANCE_PARTICIPANT_TYPE, "custodian", "Custodian")));
        } else {
            r.addAgent(peer(from, concept(DCM, "110153", "Source Role ID")));
            r.addAgent(peer(to, concept(DCM, "110152", "Destination Role ID")));
        }

        // The event's patient and every patient a list showed, each a Patient entity (BALP's patient entity).
        for (PatientRef shown : e.patients()) {
            r.addEntity().setWhat(patientReference(shown)).setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        boolean dataEntity = false;
        if ("Query".equals(basic)) {
            // BALP's query entity: the search as asked, base64 in .query (HAPI encodes the bytes), no .what.
            if (e.detail() != null && !e.detail().isBlank()) {
                r.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                        .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                        .setQuery(e.detail().getBytes(StandardCharsets.UTF_8));
                dataEntity = true;
            }
            for (ObjectRef o : e.dataObjects()) {
                r.addEntity(object(o, false));
            }
        } else {
            for (ObjectRef o : e.dataObjects()) {
                // Outside a pattern every object is a System Object; in one, only the first (BALP's data, 1..1).
                r.addEntity(object(o, pattern == null || !dataEntity));
                dataEntity = true;
            }
            if (pattern != null && !dataEntity && e.patients().size() == 1) {
                r.addEntity().setWhat(patientReference(e.patients().get(0)))
                        .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                        .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
                dataEntity = true;
            }
        }
        AuditEventEntityComponent own = r.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                        .setValue("urn:uuid:" + e.id())))
                .setType(pattern == null ? new Coding(ENTITY_TYPE, "2", "System Object")
                        : new Coding(ENTITY_TYPE, "4", "Other"))
                .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"))
                .setName("NEN 7513 audit record " + record.seq());
        own.addDetail().setType("trail-seq").setValue(new org.hl7.fhir.r4.model.StringType(Long.toString(record.seq())));
        if (e.legalBasis() != null) {
            own.addDetail().setType("legal-basis").setValue(new org.hl7.fhir.r4.model.StringType(
                    DicomAuditMessages.legalBasis(e.legalBasis())));
        }

        if (pattern != null && e.outcome() == Outcome.SUCCESS && dataEntity
                && from.address() != null && to.address() != null) {
            r.getMeta().addProfile(PROFILE_BASE + pattern);
        }
        return r;
    }

    private static Reference patientReference(PatientRef patient) {
        Reference reference = new Reference().setType("Patient");
        if (patient.bsn() != null) {
            reference.setIdentifier(new Identifier().setSystem(BSN_SYSTEM).setValue(patient.bsn().value()));
        } else {
            reference.setIdentifier(new Identifier().setValue(patient.localId()));
        }
        return reference;
    }

    /**
     * The user, typed for the pattern's user slice (BALP: IRCP in a Read or Query, one of AUT/INF/CST in a change)
     * with "human user" beside it for a person; outside a pattern a person or an application (110150). In a
     * pattern no 110150 and no network: the first would also match the client slice of a Delete, the second is
     * 0..0 in the user slice.
     */
    private static AuditEventAgentComponent user(AuditEvent e, String basic) {
        boolean person = e.actor().role() != Role.SYSTEM && e.actor().role() != Role.REMOTE_SYSTEM;
        CodeableConcept type = new CodeableConcept();
        if (basic != null) {
            type.addCoding(basic.equals("Read") || basic.equals("Query")
                    ? new Coding(PARTICIPATION_TYPE, "IRCP", "information recipient")
                    : new Coding(PARTICIPATION_TYPE, "AUT", "author (originator)"));
        }
        if (person) {
            type.addCoding(new Coding(SECURITY_ROLE_TYPE, "humanuser", "human user"));
        } else if (basic == null) {
            type.addCoding(new Coding(DCM, "110150", "Application"));
        }
        AuditEventAgentComponent a = new AuditEventAgentComponent()
                .setType(type)
                .setWho(new Reference().setIdentifier(new Identifier().setValue(e.actor().userId()))
                        .setDisplay(e.actor().name()))
                .setRequestor(true);
        if (e.actor().name() != null) {
            a.setName(e.actor().name());
        }
        a.addRole(concept(DicomAuditMessages.CODE_SYSTEM, e.actor().role().name(),
                e.actor().role().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        if (basic == null && e.accessPoint() != null && e.accessPoint().host() != null) {
            a.setNetwork(network(e.accessPoint().host()));
        }
        if (e.accessPoint() != null && e.accessPoint().aeTitle() != null) {
            a.setAltId(e.accessPoint().aeTitle());
        }
        return a;
    }

    /**
     * The system of whoever asked: the access point's host; the node itself when the node acted by itself; else
     * the user's id, without an address.
     */
    private static Peer askingPeer(AuditEvent e, Peer node) {
        if (e.accessPoint() != null && e.accessPoint().host() != null) {
            return new Peer(e.accessPoint().host(), e.accessPoint().aeTitle(), e.accessPoint().host());
        }
        if (e.actor().role() == Role.SYSTEM) {
            return node;
        }
        return Peer.named(e.actor().userId());
    }

    private static AuditEventAgentComponent peer(Peer peer, CodeableConcept type) {
        AuditEventAgentComponent a = new AuditEventAgentComponent()
                .setType(type)
                .setWho(new Reference().setDisplay(peer.name()))
                .setRequestor(false);
        if (peer.aeTitle() != null) {
            a.setAltId(peer.aeTitle());
        }
        if (peer.address() != null) {
            a.setNetwork(network(peer.address()));
        }
        return a;
    }

    private static AuditEventAgentNetworkComponent network(String address) {
        boolean ip = address.matches("[0-9.:\\[\\]]+");
        return new AuditEventAgentNetworkComponent().setAddress(address)
                .setType(ip ? AuditEventAgentNetworkType._2 : AuditEventAgentNetworkType._1);
    }

    /**
     * An object of the event; {@code systemObject} false makes it type Other, for the objects past BALP's one data
     * entity. A job is BALP's role Job (20), anything else a Domain Resource (4).
     */
    private static AuditEventEntityComponent object(ObjectRef o, boolean systemObject) {
        Identifier id = switch (o.kind()) {
            case STUDY, SERIES, SOP_INSTANCE -> new Identifier().setSystem("urn:dicom:uid").setValue("urn:oid:" + o.id());
            default -> new Identifier().setSystem(DicomAuditMessages.CODE_SYSTEM + ":" + o.kind().name()
                    .toLowerCase(Locale.ROOT)).setValue(o.id());
        };
        Reference what = o.kind() == ObjectKind.FHIR_RESOURCE ? new Reference(o.id()) : new Reference().setIdentifier(id);
        if (o.kind() == ObjectKind.STUDY) {
            what.setType("ImagingStudy");
        }
        return new AuditEventEntityComponent().setWhat(what)
                .setType(systemObject ? new Coding(ENTITY_TYPE, "2", "System Object") : new Coding(ENTITY_TYPE, "4", "Other"))
                .setRole(o.kind() == ObjectKind.JOB ? new Coding(OBJECT_ROLE, "20", "Job")
                        : new Coding(OBJECT_ROLE, "4", "Domain Resource"));
    }

    private static Identifier ura(Ura ura) {
        return new Identifier().setSystem(URA_SYSTEM).setValue(ura.value());
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
