package nl.zorgbrug.bgz.stu3;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.AccessToken;

/**
 * Every request to a BgZ endpoint (STU3 or R4) goes into the audit trail (issue 19, "every request audited"; NEN 7513): a
 * search as a query, a feed as a receive, a refusal (no token, another patient, no consent, bad input) as a failed
 * one, with the patient, the requesting organisation, the resources served and the query's parameter names (the BSN
 * is in the patient field, never in the detail). The CapabilityStatement is no patient data and is not logged.
 */
@Interceptor
public final class AuditInterceptor {
    private final AuditLog audit;
    private final Clock clock;

    public AuditInterceptor(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A search's answer is audited before its first byte is written, not after: HAPI completes the request only once
     * the answer has gone out, so a record made then could be missing (the node stopped in between) for data already
     * disclosed, and a caller could read the answer before its read is in the trail (NEN 7513: the disclosure is
     * logged). Ordered before {@link StoredJson}, which writes the answer in this pointcut.
     */
    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = BEFORE_THE_ANSWER)
    public boolean answering(RequestDetails request) {
        if (request.getUserData().putIfAbsent(RECORDED, Boolean.TRUE) == null) {
            record(request, null);
        }
        return true;
    }

    /** Operations that write no resource (and so pass no outgoing-response hook) are recorded when they complete. */
    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
    public void completed(ServletRequestDetails request) {
        if (request.getUserData().putIfAbsent(RECORDED, Boolean.TRUE) == null) {
            record(request, null);
        }
    }

    private static final String RECORDED = AuditInterceptor.class.getName() + ".recorded";
    /** Lower runs first (HAPI's {@code Hook#order}); {@link StoredJson} keeps the default 0. */
    static final int BEFORE_THE_ANSWER = -100;

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        record(request, exception);
        return true;
    }

    private void record(RequestDetails request, BaseServerResponseException failure) {
        RestOperationTypeEnum op = request.getRestOperationType();
        if (op == RestOperationTypeEnum.METADATA) {
            return;
        }
        if (op == RestOperationTypeEnum.CREATE && failure == null) {
            return; // a Task taken: the TaskInbox audits its receipt, with the patient and the referral
        }
        RequestNotes notes = RequestNotes.of(request);
        AccessToken token = notes.token;
        Object caller = request.getUserData().get(Caller.class.getName());
        if (token == null && caller instanceof AccessToken t) {
            token = t;
        }
        boolean feed = op == RestOperationTypeEnum.UPDATE || op == RestOperationTypeEnum.TRANSACTION
                || op == RestOperationTypeEnum.CREATE
                || (op == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && "$purge".equals(request.getOperation()));
        Actor actor = new Actor(token == null ? "unknown-bearer" : "bgz-token" + AccessToken.tail(token.token()),
                null, Role.REMOTE_SYSTEM, token == null ? null : token.requester());
        // Every resource served is named, RESOURCES_PER_EVENT to an event (the record's body is at most 16,000
        // characters, V16): a search that serves more is written as several events of the request, each saying which
        // part, as the console does for long patient lists (docs/audit.md).
        List<String> served = notes.served.stream().distinct().toList();
        int parts = Math.max(1, (served.size() + RESOURCES_PER_EVENT - 1) / RESOURCES_PER_EVENT);
        String detail = detail(request, failure, notes);
        List<AuditEvent> events = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            AuditEvent.Builder b = AuditEvent.of(feed ? EventType.RECEIVE : EventType.QUERY, actor, clock.instant())
                    .outcome(failure == null ? Outcome.SUCCESS
                            : failure.getStatusCode() >= 500 ? Outcome.SERIOUS_FAILURE : Outcome.MINOR_FAILURE);
            List<String> these = served.subList(part * RESOURCES_PER_EVENT,
                    Math.min(served.size(), (part + 1) * RESOURCES_PER_EVENT));
            b.detail(parts == 1 ? detail : detail + " (" + (part * RESOURCES_PER_EVENT + 1) + "-"
                    + (part * RESOURCES_PER_EVENT + these.size()) + " in this record)");
            if (op == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && "$purge".equals(request.getOperation())) {
                b.action(Action.DELETE);
            }
            if (request instanceof ServletRequestDetails s && s.getServletRequest() != null) {
                b.accessPoint(AccessPoint.host(s.getServletRequest().getRemoteAddr()));
            }
            if (notes.patient != null) {
                b.patient(PatientRef.of(notes.patient));
            }
            if (token != null && token.referral() != null) {
                // Read with a token of a Notified Pull Task: the referral made it available (Wabvpz art. 15a).
                b.legalBasis(new nl.zorgbrug.audit.event.LegalBasis.Referral(token.referral()));
            }
            these.forEach(ref -> b.object(new ObjectRef(ObjectKind.FHIR_RESOURCE, ref)));
            events.add(b.build());
        }
        audit.recordAll(events);
    }

    /**
     * Resources named per audit event: a line {@code object=FHIR_RESOURCE:Type/id} is at most some 110 characters (a
     * FHIR id has at most 64), so 100 stay well within the record's 16,000 with the event's other fields.
     */
    static final int RESOURCES_PER_EVENT = 100;

    /** The endpoint's FHIR version as the trail names it: the STU3 and the R4 endpoint share this interceptor. */
    private static String version(RequestDetails request) {
        return switch (request.getFhirContext().getVersion().getVersion()) {
            case DSTU3 -> "STU3";
            case R4 -> "R4";
            default -> request.getFhirContext().getVersion().getVersion().name();
        };
    }

    private static String detail(RequestDetails request, BaseServerResponseException failure, RequestNotes notes) {
        StringBuilder d = new StringBuilder("FHIR ").append(version(request)).append(' ')
                .append(request.getRequestType()).append(' ')
                .append(request.getRequestPath());
        if (!request.getParameters().isEmpty()) {
            d.append(" params ").append(String.join(",", request.getParameters().keySet()));
        }
        if (failure != null) {
            d.append(": refused ").append(failure.getStatusCode());
            if (notes.refusal != null) {
                d.append(" (").append(notes.refusal).append(')');
            }
        } else {
            d.append(": ").append(notes.served.size()).append(" resources");
        }
        return d.toString();
    }
}
