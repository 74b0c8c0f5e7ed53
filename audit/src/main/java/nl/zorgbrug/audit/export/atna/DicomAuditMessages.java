package nl.zorgbrug.audit.export.atna;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.openehealth.ipf.commons.audit.codes.ActiveParticipantRoleIdCode;
import org.openehealth.ipf.commons.audit.codes.AuditSourceType;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.NetworkAccessPointTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.marshal.SerializationStrategy;
import org.openehealth.ipf.commons.audit.marshal.dicom.Current;
import org.openehealth.ipf.commons.audit.model.ActiveParticipantType;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.model.AuditSourceIdentificationType;
import org.openehealth.ipf.commons.audit.model.DicomObjectDescriptionType;
import org.openehealth.ipf.commons.audit.model.EventIdentificationType;
import org.openehealth.ipf.commons.audit.model.ParticipantObjectIdentificationType;
import org.openehealth.ipf.commons.audit.model.TypeValuePairType;
import org.openehealth.ipf.commons.audit.types.ActiveParticipantRoleId;
import org.openehealth.ipf.commons.audit.types.ParticipantObjectIdType;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditRecord;

/**
 * A NEN 7513 event of the trail as a DICOM audit message (PS3.15 A.5, the IHE ATNA "Record Audit Event" content),
 * built with IPF's model and written by IPF's serialisation of the current DICOM schema.
 *
 * <ul>
 *   <li>EventIdentification: EventID and EventTypeCode per {@link AtnaCodes}, the event's action and outcome (the
 *   same codes, A.5.1), its UTC time; the NEN 7513 event type as a second EventTypeCode in our own code system,
 *   and the detail text as EventOutcomeDescription.</li>
 *   <li>ActiveParticipant: the user (UserIsRequestor, the role, the access point as NetworkAccessPointID and the
 *   AE title as {@code AETITLES=} in AlternativeUserID, A.5.2.1), the organisation on whose behalf by its URA, and the
 *   source and destination systems with the Source (110153) and Destination (110152) role IDs.</li>
 *   <li>ParticipantObject: the patient (type 1 person, role 1 patient) by BSN in CX form with the BSN's OID
 *   ({@code 123456782^^^&2.16.840.1.113883.2.4.6.3&ISO}) or else by the local number; the study (110180, type 2
 *   system, role 3 report), series, SOP instances, FHIR resources, jobs, consents; and the trail's own record
 *   ({@code urn:uuid:} of the event, with its {@code seq} and the legal basis as details), so the repository can tie
 *   the message to the local trail and recognise one it got twice.</li>
 * </ul>
 */
public final class DicomAuditMessages {
    /** The BSN's OID (Nictiz, "Burgerservicenummer"). */
    public static final String BSN_OID = "2.16.840.1.113883.2.4.6.3";
    /** The UZI register's OID for URA numbers (CIBG). */
    public static final String URA_OID = "2.16.528.1.1007.3.3";
    /** Our code system for what DICOM has no code for (the NEN 7513 event type, the role, series and jobs). */
    public static final String CODE_SYSTEM = "urn:zorgbrug:audit";

    private static final SerializationStrategy DICOM = new Current();

    private final String auditSourceId;
    private final Ura enterprise;

    /**
     * @param auditSourceId AuditSourceIdentification/AuditSourceID: the node as the repository knows it (the
     *                      application name)
     * @param enterprise    AuditEnterpriseSiteID: the hospital's URA; null until configured
     */
    public DicomAuditMessages(String auditSourceId, Ura enterprise) {
        this.auditSourceId = Objects.requireNonNull(auditSourceId, "auditSourceId");
        this.enterprise = enterprise;
    }

    /** The record as the DICOM audit message XML that goes out, without the XML declaration (syslog adds it). */
    public String xml(AuditRecord record) {
        return DICOM.marshal(message(record), false);
    }

    /** The record as an IPF audit message, validated by IPF's rules. */
    public AuditMessage message(AuditRecord record) {
        AuditEvent e = record.event();
        AtnaCodes codes = AtnaCodes.of(e.type());
        AuditMessage m = new AuditMessage();

        EventIdentificationType id = new EventIdentificationType(codes.eventId(), e.at(), outcome(e.outcome()));
        id.setEventActionCode(action(e.action()));
        if (codes.eventType() != null) {
            id.getEventTypeCode().add(codes.eventType());
        }
        id.getEventTypeCode().add(org.openehealth.ipf.commons.audit.types.EventType.of(e.type().name(), CODE_SYSTEM,
                "NEN 7513 " + e.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
        if (e.detail() != null && !e.detail().isBlank()) {
            id.setEventOutcomeDescription(e.detail());
        }
        m.setEventIdentification(id);

        AuditSourceIdentificationType source = new AuditSourceIdentificationType(auditSourceId);
        source.setAuditEnterpriseSiteID(enterprise == null ? auditSourceId : enterprise.value());
        source.getAuditSourceType().add(AuditSourceType.ApplicationServerProcess);
        m.setAuditSourceIdentification(source);

        m.getActiveParticipants().add(user(e.actor(), e.accessPoint()));
        if (e.actor().onBehalfOf() != null) {
            ActiveParticipantType org = new ActiveParticipantType(cx(e.actor().onBehalfOf().value(), URA_OID), false);
            org.setUserName("URA " + e.actor().onBehalfOf().value());
            org.getRoleIDCodes().add(ActiveParticipantRoleId.of("responsible-organisation", CODE_SYSTEM,
                    "on whose behalf (NEN 7513 verantwoordelijke)"));
            m.getActiveParticipants().add(org);
        }
        if (e.source() != null) {
            m.getActiveParticipants().add(peer(e.source(), ActiveParticipantRoleIdCode.Source));
        }
        if (e.destination() != null) {
            m.getActiveParticipants().add(peer(e.destination(), ActiveParticipantRoleIdCode.Destination));
        }

        // The event's patient and every patient a list showed: each a participant object of type person, role
        // patient (PS3.15 A.5.1).
        for (PatientRef shown : e.patients()) {
            m.getParticipantObjectIdentifications().add(patient(shown));
        }
        for (ObjectRef o : e.dataObjects()) {
            m.getParticipantObjectIdentifications().add(object(o, e));
        }
        m.getParticipantObjectIdentifications().add(trailRecord(record, e));
        m.validate();
        return m;
    }

    private static ActiveParticipantType user(Actor actor, AccessPoint accessPoint) {
        ActiveParticipantType p = new ActiveParticipantType(actor.userId(), true);
        p.setUserName(actor.name());
        p.getRoleIDCodes().add(ActiveParticipantRoleId.of(actor.role().name(), CODE_SYSTEM,
                actor.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
        if (accessPoint != null) {
            networkAccessPoint(p, accessPoint.host());
            if (accessPoint.aeTitle() != null) {
                p.setAlternativeUserID("AETITLES=" + accessPoint.aeTitle());
            }
        }
        return p;
    }

    private static ActiveParticipantType peer(Peer peer, ActiveParticipantRoleIdCode role) {
        ActiveParticipantType p = new ActiveParticipantType(peer.name(), false);
        p.getRoleIDCodes().add(role);
        if (peer.aeTitle() != null) {
            p.setAlternativeUserID("AETITLES=" + peer.aeTitle());
        }
        networkAccessPoint(p, hostOf(peer.address()));
        return p;
    }

    private static void networkAccessPoint(ActiveParticipantType p, String host) {
        if (host == null || host.isBlank()) {
            return;
        }
        p.setNetworkAccessPointID(host);
        p.setNetworkAccessPointTypeCode(looksLikeIp(host) ? NetworkAccessPointTypeCode.IPAddress
                : NetworkAccessPointTypeCode.MachineName);
    }

    /** "host:port" or "[v6]:port" to the host; a bare IPv6 address stays whole. */
    static String hostOf(String address) {
        if (address == null) {
            return null;
        }
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        int colon = address.indexOf(':');
        return colon > 0 && colon == address.lastIndexOf(':') ? address.substring(0, colon) : address;
    }

    private static boolean looksLikeIp(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    /** Another institution's Patient ID (PS3.15 A.5.3: a patient participant, its ID in CX form with the issuer). */
    private static ParticipantObjectIdentificationType foreignPatient(ObjectRef o) {
        String issuer = o.foreignIssuer();
        ParticipantObjectIdentificationType p = new ParticipantObjectIdentificationType(issuer == null
                ? o.foreignPatientId() : cx(o.foreignPatientId(), issuer), ParticipantObjectIdTypeCode.PatientNumber);
        p.setParticipantObjectTypeCode(ParticipantObjectTypeCode.Person);
        p.setParticipantObjectTypeCodeRole(ParticipantObjectTypeCodeRole.Patient);
        p.getParticipantObjectDetails().add(new TypeValuePairType("foreign-patient-id", "not in the own MPI"));
        return p;
    }

    private static ParticipantObjectIdentificationType patient(PatientRef patient) {
        ParticipantObjectIdentificationType p = patient.bsn() != null
                ? new ParticipantObjectIdentificationType(cx(patient.bsn().value(), BSN_OID),
                        ParticipantObjectIdTypeCode.PatientNumber)
                : new ParticipantObjectIdentificationType(patient.localId(), ParticipantObjectIdTypeCode.PatientNumber);
        p.setParticipantObjectTypeCode(ParticipantObjectTypeCode.Person);
        p.setParticipantObjectTypeCodeRole(ParticipantObjectTypeCodeRole.Patient);
        if (patient.bsn() != null && patient.localId() != null) {
            p.getParticipantObjectDetails().add(new TypeValuePairType("local-patient-id", patient.localId()));
        }
        return p;
    }

    private static ParticipantObjectIdentificationType object(ObjectRef o, AuditEvent e) {
        ParticipantObjectIdentificationType p = switch (o.kind()) {
            case STUDY -> typed(o.id(), ParticipantObjectIdTypeCode.StudyInstanceUID, ParticipantObjectTypeCodeRole.Report);
            case SERIES -> typed(o.id(), ParticipantObjectIdType.of("SeriesInstanceUID", CODE_SYSTEM,
                    "Series Instance UID (0020,000E)"), ParticipantObjectTypeCodeRole.Report);
            case SOP_INSTANCE -> typed(o.id(), ParticipantObjectIdType.of("SOPInstanceUID", CODE_SYSTEM,
                    "SOP Instance UID (0008,0018)"), ParticipantObjectTypeCodeRole.Report);
            case FHIR_RESOURCE -> typed(o.id(), ParticipantObjectIdTypeCode.URI, ParticipantObjectTypeCodeRole.Resource);
            case JOB -> typed(o.id(), ParticipantObjectIdType.of("Job", CODE_SYSTEM, "Zorgbrug job number"),
                    ParticipantObjectTypeCodeRole.Job);
            case CONSENT -> typed(o.id(), ParticipantObjectIdType.of("Consent", CODE_SYSTEM, "consent record"),
                    ParticipantObjectTypeCodeRole.SecurityResource);
            case AUDIT_TRAIL -> typed(o.id(), ParticipantObjectIdType.of("AuditTrail", CODE_SYSTEM,
                    "audit trail records"), ParticipantObjectTypeCodeRole.SecurityResource);
            case PATIENT -> patient(o.asPatient().orElseThrow(() -> new IllegalArgumentException("audit event "
                    + e.id() + ": a PATIENT object without BSN or local number")));
            case FOREIGN_PATIENT_ID -> foreignPatient(o);
        };
        if (o.kind() == nl.zorgbrug.audit.event.ObjectKind.STUDY) {
            // PS3.15 A.5.3 "Study" participant object: ParticipantObjectDescription is required (may be empty; the
            // trail keeps no SOP class, so the SOP instances are objects of their own).
            p.getParticipantObjectDescriptions().add(new DicomObjectDescriptionType());
        }
        if (e.type() == nl.zorgbrug.audit.event.EventType.QUERY && e.detail() != null) {
            p.setParticipantObjectQuery(e.detail().getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private static ParticipantObjectIdentificationType typed(String id, ParticipantObjectIdType type,
                                                             ParticipantObjectTypeCodeRole role) {
        ParticipantObjectIdentificationType p = new ParticipantObjectIdentificationType(id, type);
        p.setParticipantObjectTypeCode(ParticipantObjectTypeCode.System);
        p.setParticipantObjectTypeCodeRole(role);
        return p;
    }

    private static ParticipantObjectIdentificationType trailRecord(AuditRecord record, AuditEvent e) {
        ParticipantObjectIdentificationType p = new ParticipantObjectIdentificationType("urn:uuid:" + e.id(),
                ParticipantObjectIdTypeCode.URI);
        p.setParticipantObjectTypeCode(ParticipantObjectTypeCode.System);
        p.setParticipantObjectTypeCodeRole(ParticipantObjectTypeCodeRole.SecurityResource);
        p.setParticipantObjectName("NEN 7513 audit record " + record.seq());
        p.getParticipantObjectDetails().add(new TypeValuePairType("trail-seq", Long.toString(record.seq())));
        p.getParticipantObjectDetails().add(new TypeValuePairType("trail-hash", record.hash().hex()));
        if (e.legalBasis() != null) {
            p.getParticipantObjectDetails().add(new TypeValuePairType("legal-basis", legalBasis(e.legalBasis())));
        }
        if (e.accessPoint() != null && e.accessPoint().certificateSubject() != null) {
            p.getParticipantObjectDetails().add(new TypeValuePairType("client-certificate",
                    e.accessPoint().certificateSubject()));
        }
        return p;
    }

    /** The legal basis as one text: {@code consent:<id>}, {@code referral:<ref>}, {@code emergency:<reason>}, {@code treatment}. */
    public static String legalBasis(LegalBasis basis) {
        if (basis instanceof LegalBasis.Consent c) {
            return "consent:" + c.consentId();
        }
        if (basis instanceof LegalBasis.Referral r) {
            return "referral:" + r.reference();
        }
        if (basis instanceof LegalBasis.Emergency em) {
            return "emergency:" + em.reason();
        }
        return "treatment";
    }

    /** An HL7 v2 CX identifier with an ISO assigning authority: {@code id^^^&oid&ISO} (IHE ITI TF-2 3.20.7). */
    static String cx(String id, String oid) {
        return id + "^^^&" + oid + "&ISO";
    }

    private static EventOutcomeIndicator outcome(Outcome o) {
        return switch (o) {
            case SUCCESS -> EventOutcomeIndicator.Success;
            case MINOR_FAILURE -> EventOutcomeIndicator.MinorFailure;
            case SERIOUS_FAILURE -> EventOutcomeIndicator.SeriousFailure;
            case MAJOR_FAILURE -> EventOutcomeIndicator.MajorFailure;
        };
    }

    private static EventActionCode action(Action a) {
        return switch (a) {
            case CREATE -> EventActionCode.Create;
            case READ -> EventActionCode.Read;
            case UPDATE -> EventActionCode.Update;
            case DELETE -> EventActionCode.Delete;
            case EXECUTE -> EventActionCode.Execute;
        };
    }
}
