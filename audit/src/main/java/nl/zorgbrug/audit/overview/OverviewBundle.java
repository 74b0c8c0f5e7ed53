package nl.zorgbrug.audit.overview;

import java.util.Date;
import java.util.Objects;

import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Peer;

/**
 * The patient's overview as a FHIR R4 Bundle of AuditEvents (issue 17, "As an API (JSON, and a FHIR Bundle of
 * AuditEvents)"), one AuditEvent per logged event, in the shape of the IHE Basic Audit Log Patterns (BALP): the type
 * from DICOM's audit event ids (PS3.16 CID 400) with our event type as subtype, the action (C/R/U/D/E) and outcome
 * (0/4/8/12) codes as stored, the user as the requesting agent with role and network address, the organisation on
 * whose behalf (URA) as an agent, the source and destination systems as agents with DICOM's role ids (110153,
 * 110152), the patient (BSN) and the objects (study, SOP instance UIDs, FHIR ids, job) as entities, and the legal
 * basis as the purpose of use (HL7 v3 ActReason TREAT/ETREAT) or a Consent entity.
 */
public final class OverviewBundle {
    /** The NamingSystems of the Dutch FHIR profiles (Nictiz). */
    public static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
    public static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String EVENT_TYPE_SYSTEM = "urn:zorgbrug:audit:event-type";
    static final String ROLE_SYSTEM = "urn:zorgbrug:audit:role";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    /** Made once: a FhirContext scans the model, which takes a while (HAPI: "expensive to create"). */
    private static final FhirContext R4 = FhirContext.forR4();

    private OverviewBundle() {
    }

    /** The overview as a Bundle of type collection; {@code node} names the node as the AuditEvents' source. */
    public static Bundle of(PatientOverview overview, String node) {
        Objects.requireNonNull(overview, "overview");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(new Date());
        bundle.setTotal(overview.events().size());
        for (AuditEvent e : overview.events()) {
            org.hl7.fhir.r4.model.AuditEvent r = auditEvent(e, node);
            bundle.addEntry().setFullUrl("urn:uuid:" + e.id()).setResource(r);
        }
        return bundle;
    }

    /** The Bundle in FHIR JSON. */
    public static String json(Bundle bundle) {
        return R4.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
    }

    /** Reads FHIR JSON back (tests, and whoever receives the overview). */
    public static Bundle parse(String json) {
        return R4.newJsonParser().parseResource(Bundle.class, json);
    }

    static org.hl7.fhir.r4.model.AuditEvent auditEvent(AuditEvent e, String node) {
        org.hl7.fhir.r4.model.AuditEvent r = new org.hl7.fhir.r4.model.AuditEvent();
        r.setId(e.id().toString());
        r.setType(dicomType(e.type()));
        r.addSubtype(new Coding(EVENT_TYPE_SYSTEM, e.type().name(), null));
        r.setAction(AuditEventAction.fromCode(String.valueOf(e.action().code())));
        r.setRecorded(Date.from(e.at()));
        r.setOutcome(AuditEventOutcome.fromCode(Integer.toString(e.outcome().code())));
        if (e.detail() != null) {
            r.setOutcomeDesc(e.detail());
        }
        AuditEventAgentComponent user = r.addAgent().setRequestor(true);
        user.setType(new CodeableConcept(new Coding(ROLE_SYSTEM, e.actor().role().name(), null)));
        user.setWho(new Reference().setIdentifier(new Identifier().setValue(e.actor().userId()))
                .setDisplay(e.actor().name()));
        AccessPoint at = e.accessPoint();
        if (at != null && at.host() != null) {
            boolean ip = at.host().matches("[0-9.]+|.*:.*");
            user.setNetwork(new AuditEventAgentNetworkComponent().setAddress(at.host())
                    .setType(ip ? AuditEventAgentNetworkType._2 : AuditEventAgentNetworkType._1));
        }
        if (at != null && at.aeTitle() != null) {
            user.addPolicy("urn:dicom:ae-title:" + at.aeTitle());
        }
        if (e.actor().onBehalfOf() != null) {
            r.addAgent().setRequestor(false)
                    .setType(new CodeableConcept(new Coding(ROLE_SYSTEM, "ON_BEHALF_OF", "on behalf of")))
                    .setWho(new Reference().setIdentifier(new Identifier().setSystem(URA_SYSTEM)
                            .setValue(e.actor().onBehalfOf().value())));
        }
        peer(r, e.source(), "110153", "Source Role ID");
        peer(r, e.destination(), "110152", "Destination Role ID");
        r.getSource().setSite(node).setObserver(new Reference().setDisplay(node));
        if (e.patient() != null) {
            AuditEventEntityComponent p = r.addEntity()
                    .setType(new Coding(OBJECT_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
            Identifier id = e.patient().bsn() != null
                    ? new Identifier().setSystem(BSN_SYSTEM).setValue(e.patient().bsn().value())
                    : new Identifier().setValue(e.patient().localId());
            p.setWhat(new Reference().setIdentifier(id));
            if (e.patient().bsn() != null && e.patient().localId() != null) {
                p.setName(e.patient().localId());
            }
        }
        for (ObjectRef o : e.dataObjects()) {
            r.addEntity().setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                    .setWhat(new Reference().setIdentifier(new Identifier()
                            .setSystem("urn:zorgbrug:object:" + o.kind().name().toLowerCase(java.util.Locale.ROOT))
                            .setValue(o.id())));
        }
        legalBasis(r, e.legalBasis());
        return r;
    }

    private static void peer(org.hl7.fhir.r4.model.AuditEvent r, Peer peer, String code, String display) {
        if (peer == null) {
            return;
        }
        AuditEventAgentComponent a = r.addAgent().setRequestor(false)
                .setType(new CodeableConcept(new Coding(DCM, code, display)))
                .setWho(new Reference().setDisplay(peer.name()));
        if (peer.aeTitle() != null) {
            a.setAltId(peer.aeTitle());
        }
        if (peer.address() != null) {
            a.setNetwork(new AuditEventAgentNetworkComponent().setAddress(peer.address())
                    .setType(AuditEventAgentNetworkType._1));
        }
    }

    private static void legalBasis(org.hl7.fhir.r4.model.AuditEvent r, LegalBasis basis) {
        if (basis instanceof LegalBasis.Consent c) {
            r.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "TREAT", "treatment")));
            r.addEntity().setType(new Coding("http://hl7.org/fhir/resource-types", "Consent", "Consent"))
                    .setWhat(new Reference().setIdentifier(new Identifier().setValue(c.consentId())));
        } else if (basis instanceof LegalBasis.Referral ref) {
            r.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "TREAT", "treatment"))
                    .setText("referral " + ref.reference()));
        } else if (basis instanceof LegalBasis.Emergency em) {
            r.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "ETREAT", "emergency treatment"))
                    .setText(em.reason()));
        } else if (basis instanceof LegalBasis.Treatment) {
            r.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "TREAT", "treatment")));
        }
    }

    /** DICOM PS3.16 CID 400 "Audit Event ID" for our types. */
    static Coding dicomType(EventType type) {
        return switch (type) {
            case RECEIVE, SEND, FORWARD -> new Coding(DCM, "110104", "DICOM Instances Transferred");
            case RETRIEVE, VIEW -> new Coding(DCM, "110103", "DICOM Instances Accessed");
            case QUERY -> new Coding(DCM, "110112", "Query");
            case IMPORT -> new Coding(DCM, "110107", "Import");
            case EXPORT_REPORT -> new Coding(DCM, "110106", "Export");
            case AUDIT_READ, AUDIT_PURGE -> new Coding(DCM, "110101", "Audit Log Used");
            case LOGIN, LOGOUT, LOGIN_FAILED -> new Coding(DCM, "110114", "User Authentication");
            case USER_CHANGE, ROLE_CHANGE, CONFIGURATION_CHANGE -> new Coding(DCM, "110113", "Security Alert");
            default -> new Coding(DCM, "110110", "Patient Record");
        };
    }
}
