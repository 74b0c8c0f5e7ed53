package nl.zorgbrug.audit.export.balp;

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

import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
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
 *   <li>events on patient data get the BALP basic pattern of their action: {@code IHE.BasicAudit.[Patient]Create},
 *   {@code Read}, {@code Update}, {@code Delete}, and {@code Query} for a search; the Patient variant when the event
 *   names a patient. Type {@code rest} with the restful-interaction subtype the pattern asks, and the DICOM EventID
 *   as a second subtype, so the repository still sees "DICOM Instances Transferred" and the like;</li>
 *   <li>the other events (login, logout, user, role and configuration changes, a consent decision) have no BALP
 *   pattern: they keep the DICOM EventID as type and EventTypeCode as subtype (the ATNA FHIR feed's form);</li>
 *   <li>agents: the user (requestor) with the role and access point, the organisation on whose behalf by URA, the
 *   client (Source Role ID, 110153) and the server (Destination Role ID, 110152); entities: the patient by BSN
 *   (NamingSystem {@code http://fhir.nl/fhir/NamingSystem/bsn}), the objects, and the trail's own record.</li>
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

    private final String nodeName;
    private final Ura organisation;

    /**
     * @param nodeName     the node as observer and as the server of what it serves (the application name)
     * @param organisation the hospital's URA, the source's site; null until configured
     */
    public BalpAuditEvents(String nodeName, Ura organisation) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.organisation = organisation;
    }

    /** The BALP pattern an event takes: its profile name after {@link #PROFILE_BASE}, or null for none. */
    public static String pattern(AuditEvent e) {
        if (!e.type().aboutPatientData() || e.type() == EventType.CONSENT_DECISION) {
            return null;
        }
        String basic = e.type() == EventType.QUERY ? "Query" : switch (e.action()) {
            case CREATE -> "Create";
            case READ -> "Read";
            case UPDATE -> "Update";
            case DELETE -> "Delete";
            case EXECUTE -> null;
        };
        if (basic == null) {
            return null;
        }
        return e.patient() == null ? basic : "Patient" + basic;
    }

    public org.hl7.fhir.r4.model.AuditEvent resource(AuditRecord record) {
        AuditEvent e = record.event();
        AtnaCodes codes = AtnaCodes.of(e.type());
        org.hl7.fhir.r4.model.AuditEvent r = new org.hl7.fhir.r4.model.AuditEvent();
        String pattern = pattern(e);
        Coding dicomEvent = new Coding(DCM, codes.eventId().getValue().getCode(),
                codes.eventId().getValue().getOriginalText());
        if (pattern != null) {
            r.getMeta().addProfile(PROFILE_BASE + pattern);
            r.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
            String interaction = interaction(pattern);
            r.addSubtype(new Coding(RESTFUL_INTERACTION, interaction, interaction));
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

        r.addAgent(user(e));
        if (e.actor().onBehalfOf() != null) {
            r.addAgent(new AuditEventAgentComponent()
                    .setType(concept(PARTICIPATION_TYPE, "RESP", "responsible party"))
                    .setWho(new Reference().setIdentifier(ura(e.actor().onBehalfOf())))
                    .setRequestor(false));
        }
        Peer client = e.source();
        Peer server = e.destination();
        r.addAgent(peer(client != null ? client : accessPointPeer(e), "110153", "Source Role ID"));
        r.addAgent(peer(server != null ? server : Peer.named(nodeName), "110152", "Destination Role ID"));

        // The event's patient and every patient a list showed, each a Patient entity (BALP's patient entity).
        for (nl.zorgbrug.audit.event.PatientRef shown : e.patients()) {
            Reference patient = new Reference().setType("Patient");
            if (shown.bsn() != null) {
                patient.setIdentifier(new Identifier().setSystem(BSN_SYSTEM).setValue(shown.bsn().value()));
            } else {
                patient.setIdentifier(new Identifier().setValue(shown.localId()));
            }
            r.addEntity().setWhat(patient).setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        for (ObjectRef o : e.dataObjects()) {
            r.addEntity(object(o, e));
        }
        AuditEventEntityComponent own = r.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                        .setValue("urn:uuid:" + e.id())))
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, "13", "Security Resource"))
                .setName("NEN 7513 audit record " + record.seq());
        own.addDetail().setType("trail-seq").setValue(new org.hl7.fhir.r4.model.StringType(Long.toString(record.seq())));
        if (e.legalBasis() != null) {
            own.addDetail().setType("legal-basis").setValue(new org.hl7.fhir.r4.model.StringType(
                    DicomAuditMessages.legalBasis(e.legalBasis())));
        }
        return r;
    }

    private static String interaction(String pattern) {
        String basic = pattern.replaceFirst("^Patient", "");
        return basic.equals("Query") ? "search-type" : basic.toLowerCase(Locale.ROOT);
    }

    private static AuditEventAgentComponent user(AuditEvent e) {
        boolean person = e.actor().role() != Role.SYSTEM && e.actor().role() != Role.REMOTE_SYSTEM;
        AuditEventAgentComponent a = new AuditEventAgentComponent()
                .setType(person ? concept(SECURITY_ROLE_TYPE, "humanuser", "human user")
                        : concept(DCM, "110150", "Application"))
                .setWho(new Reference().setIdentifier(new Identifier().setValue(e.actor().userId()))
                        .setDisplay(e.actor().name()))
                .setRequestor(true);
        a.addRole(concept(DicomAuditMessages.CODE_SYSTEM, e.actor().role().name(),
                e.actor().role().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        if (e.accessPoint() != null && e.accessPoint().host() != null) {
            a.setNetwork(network(e.accessPoint().host()));
        }
        if (e.accessPoint() != null && e.accessPoint().aeTitle() != null) {
            a.setAltId(e.accessPoint().aeTitle());
        }
        return a;
    }

    private static Peer accessPointPeer(AuditEvent e) {
        if (e.accessPoint() != null && e.accessPoint().host() != null) {
            return new Peer(e.accessPoint().host(), e.accessPoint().aeTitle(), e.accessPoint().host());
        }
        return Peer.named(e.actor().userId());
    }

    private static AuditEventAgentComponent peer(Peer peer, String code, String display) {
        AuditEventAgentComponent a = new AuditEventAgentComponent()
                .setType(concept(DCM, code, display))
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

    private static AuditEventEntityComponent object(ObjectRef o, AuditEvent e) {
        Identifier id = switch (o.kind()) {
            case STUDY, SERIES, SOP_INSTANCE -> new Identifier().setSystem("urn:dicom:uid").setValue("urn:oid:" + o.id());
            default -> new Identifier().setSystem(DicomAuditMessages.CODE_SYSTEM + ":" + o.kind().name()
                    .toLowerCase(Locale.ROOT)).setValue(o.id());
        };
        Reference what = o.kind() == nl.zorgbrug.audit.event.ObjectKind.FHIR_RESOURCE
                ? new Reference(o.id()) : new Reference().setIdentifier(id);
        if (o.kind() == nl.zorgbrug.audit.event.ObjectKind.STUDY) {
            what.setType("ImagingStudy");
        }
        AuditEventEntityComponent entity = new AuditEventEntityComponent().setWhat(what)
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE, e.type() == EventType.QUERY ? "24" : "4",
                        e.type() == EventType.QUERY ? "Query" : "Domain Resource"));
        if (e.type() == EventType.QUERY && e.detail() != null) {
            entity.setQuery(e.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return entity;
    }

    private static Identifier ura(Ura ura) {
        return new Identifier().setSystem(URA_SYSTEM).setValue(ura.value());
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
